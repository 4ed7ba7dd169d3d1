package dev.portico.xml;

import java.nio.ByteBuffer;

/**
 * Strict UTF-8 (RFC 3629) checking of a browser's bytes before they reach Aalto, which decodes
 * leniently: it accepts overlong forms (e.g. {@code C0 80} for U+0000, which XML forbids) and sequences
 * above U+10FFFF, and would let them through to the server as they are (and from a server, through to
 * the browser). Stateless; {@link Utf8Stream} carries a sequence split across reads.
 */
final class Utf8 {
    private Utf8() {
    }

    /** How many bytes a sequence with this lead byte has: 1 to 4, or -1 if it cannot lead one. */
    static int sequenceLength(int lead) {
        if (lead < 0x80) {
            return 1;
        }
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        return lead >= 0xF0 && lead <= 0xF4 ? 4 : -1;
    }

    /**
     * Whether [at, to) is the start of a well-formed sequence cut short by the end of the input (the rest
     * may come with the next read).
     */
    static boolean isIncompleteTail(ByteBuffer in, int at, int to) {
        int lead = in.get(at) & 0xFF;
        int length = sequenceLength(lead);
        if (length < 2 || to - at >= length) {
            return false;
        }
        for (int k = 1; at + k < to; k++) {
            int b = in.get(at + k) & 0xFF;
            int min = k == 1 ? minSecond(lead) : 0x80;
            int max = k == 1 ? maxSecond(lead) : 0xBF;
            if (b < min || b > max) {
                return false;
            }
        }
        return true;
    }

    // E0 would be overlong below A0; ED above 9F would encode a surrogate; F0 would be overlong below 90;
    // F4 above 8F would pass U+10FFFF.
    private static int minSecond(int lead) {
        return lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    }

    private static int maxSecond(int lead) {
        return lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    }

    /** The index of the first byte of an ill-formed sequence in [from, to) of {@code in}, or -1. */
    static int firstInvalid(ByteBuffer in, int from, int to) {
        int i = from;
        while (i < to) {
            int b = in.get(i) & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length = sequenceLength(b);
            if (length < 2) {
                return i;
            }
            int min2 = minSecond(b);
            int max2 = maxSecond(b);
            if (i + length > to) {
                return i;
            }
            int second = in.get(i + 1) & 0xFF;
            if (second < min2 || second > max2) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = in.get(i + k) & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
