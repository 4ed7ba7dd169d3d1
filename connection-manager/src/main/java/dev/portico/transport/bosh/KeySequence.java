package dev.portico.transport.bosh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * XEP-0124 §15 key sequencing: each request's {@code key} must hash (SHA-1, hex) to the previous
 * request's {@code newkey}, or to its {@code key} when it set no new one. Only used when the session
 * creation request carried a {@code newkey}. Confined to its session's lock.
 */
final class KeySequence {
    private String expected;

    private KeySequence(String initial) {
        this.expected = normalize(initial);
    }

    /** The sequence started by a creation request, or null when the client does not use keys. */
    static KeySequence startedBy(String newKey) {
        return newKey == null || newKey.isEmpty() ? null : new KeySequence(newKey);
    }

    /** Checks one request's keys in rid order; false means the request must not be processed. */
    boolean accept(String key, String newKey) {
        if (key == null || !sha1Hex(key).equals(expected)) {
            return false;
        }
        expected = newKey != null && !newKey.isEmpty() ? normalize(newKey) : normalize(key);
        return true;
    }

    static String sha1Hex(String text) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
