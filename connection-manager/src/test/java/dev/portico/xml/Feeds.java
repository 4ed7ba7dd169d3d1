package dev.portico.xml;

import java.nio.ByteBuffer;

/** Feeds bytes to a parser in pieces, through buffers that do not start at index 0 of their array. */
final class Feeds {
    private Feeds() {
    }

    /** Feeds {@code data[from, to)} as one buffer positioned inside a larger array (or a direct buffer). */
    static void feed(StreamParser parser, byte[] data, int from, int to, boolean direct) throws XmlStreamException {
        int len = to - from;
        ByteBuffer buf;
        if (direct) {
            buf = ByteBuffer.allocateDirect(len + 7);
            buf.position(3);
            buf.put(data, from, len);
            buf.flip().position(3);
        } else {
            // Padding around the chunk proves offsets are taken relative to the buffer's position.
            byte[] padded = new byte[len + 10];
            java.util.Arrays.fill(padded, (byte) '<');
            System.arraycopy(data, from, padded, 5, len);
            buf = ByteBuffer.wrap(padded, 5, len);
        }
        parser.feed(buf);
        if (buf.hasRemaining()) {
            throw new AssertionError("feed left bytes unconsumed");
        }
    }

    static void inChunksOf(StreamParser parser, byte[] data, int size) throws XmlStreamException {
        for (int i = 0; i < data.length; i += size) {
            feed(parser, data, i, Math.min(data.length, i + size), (i / size) % 2 == 1);
        }
    }
}
