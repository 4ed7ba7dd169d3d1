package dev.portico.xml;

import java.nio.ByteBuffer;

/**
 * Strict UTF-8 (RFC 3629) checking of a browser's bytes before they reach Aalto, which decodes
 * leniently: it accepts overlong forms (e.g. {@code C0 80} for U+0000, which XML forbids) and sequences
 * above U+10FFFF, and would let them through to the server as they are. Stateless.
 */
final class Utf8 {
    private Utf8() {
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
            int length;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                // E0 would be overlong below A0; ED above 9F would encode a surrogate.
                min2 = b == 0xE0 ? 0xA0 : 0x80;
                max2 = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                // F0 would be overlong below 90; F4 above 8F would pass U+10FFFF.
                min2 = b == 0xF0 ? 0x90 : 0x80;
                max2 = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
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
