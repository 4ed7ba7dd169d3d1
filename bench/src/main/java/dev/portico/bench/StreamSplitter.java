package dev.portico.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a server's XMPP byte stream (TCP) into the stream header and its top-level elements, each
 * handed on as one string, the way an RFC 7395 WebSocket already delivers them. Deliberately minimal:
 * it trusts the server (Prosody) to send well-formed XML without comments or CDATA, and only tracks
 * tags, quotes and depth. Not thread-safe: one reader thread feeds it.
 */
public final class StreamSplitter {
    private final Consumer<String> sink;
    private byte[] buf = new byte[16 * 1024];
    private int len;
    private int scan;
    private int depth;
    private int elementStart = -1;
    private int tagStart = -1;
    private byte quote;

    /** @param sink receives the stream header and every complete top-level element, in order */
    public StreamSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Feeds bytes read from the socket; calls the sink for every element they complete. */
    public void feed(byte[] data, int off, int count) {
        if (len + count > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + count));
        }
        System.arraycopy(data, off, buf, len, count);
        len += count;
        for (; scan < len; scan++) {
            byte b = buf[scan];
            if (tagStart < 0) {
                if (b == '<') {
                    tagStart = scan;
                    if (depth == 1) {
                        elementStart = scan;
                    }
                }
            } else if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
            } else if (b == '\'' || b == '"') {
                quote = b;
            } else if (b == '>') {
                tagEnded();
                tagStart = -1;
            }
        }
        compact();
    }

    private void tagEnded() {
        byte second = buf[tagStart + 1];
        if (second == '?' || second == '!') {
            return; // XML declaration (or anything else we do not expect): not part of the tree
        }
        if (second == '/') {
            depth--;
            if (depth == 1) {
                emit(elementStart, scan);
            }
            return;
        }
        boolean empty = buf[scan - 1] == '/';
        if (depth <= 1 && startsWith(tagStart, "<stream:stream")) {
            depth = 1; // a (restarted) stream header
            emit(tagStart, scan);
            return;
        }
        if (empty) {
            if (depth == 1) {
                emit(elementStart, scan);
            }
        } else {
            depth++;
        }
    }

    private boolean startsWith(int at, String prefix) {
        if (at + prefix.length() > len) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void emit(int from, int lastInclusive) {
        sink.accept(new String(buf, from, lastInclusive - from + 1, StandardCharsets.UTF_8));
        elementStart = -1;
    }

    /** Drops the bytes no pending element or tag can still need. */
    private void compact() {
        int keep = elementStart >= 0 ? elementStart : tagStart >= 0 ? tagStart : len;
        if (keep == 0) {
            return;
        }
        System.arraycopy(buf, keep, buf, 0, len - keep);
        len -= keep;
        scan -= keep;
        if (elementStart >= 0) {
            elementStart -= keep;
        }
        if (tagStart >= 0) {
            tagStart -= keep;
        }
    }
}
