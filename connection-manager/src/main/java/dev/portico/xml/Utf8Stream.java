package dev.portico.xml;

import java.nio.ByteBuffer;

/**
 * Strict UTF-8 checking of a byte stream that arrives in pieces (the upstream server's stream): a sequence
 * split across two reads is held back (at most 3 bytes) and checked once whole. One per stream; not
 * thread-safe (the stream's reads are serialized).
 */
final class Utf8Stream {
    private final byte[] carry = new byte[4];
    private int carried;

    /**
     * Checks [from, to) of {@code in}, continuing a sequence the previous call left open.
     *
     * @return -1 if well-formed so far, else the index in [from, to] where the first ill-formed sequence
     *         starts (from, when it began in an earlier read); everything before it is well-formed
     */
    int firstInvalid(ByteBuffer in, int from, int to) {
        int i = from;
        if (carried > 0) {
            int need = Utf8.sequenceLength(carry[0] & 0xFF);
            while (carried < need && i < to) {
                carry[carried++] = in.get(i++);
            }
            ByteBuffer held = ByteBuffer.wrap(carry, 0, carried);
            if (carried < need) {
                return Utf8.isIncompleteTail(held, 0, carried) ? -1 : from;
            }
            if (Utf8.firstInvalid(held, 0, carried) >= 0) {
                return from;
            }
            carried = 0;
        }
        int bad = Utf8.firstInvalid(in, i, to);
        if (bad < 0) {
            return -1;
        }
        if (Utf8.isIncompleteTail(in, bad, to)) {
            for (int k = bad; k < to; k++) {
                carry[carried++] = in.get(k);
            }
            return -1;
        }
        return bad;
    }
}
