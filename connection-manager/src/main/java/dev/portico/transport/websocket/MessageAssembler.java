package dev.portico.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Joins the fragments of one WebSocket text message into its UTF-8 bytes without ever holding more than
 * the limit ({@code websocket.max-frame-size}). Jetty would enforce a message limit itself, but only by
 * closing with a bare 1009; reading fragments lets the session answer with {@code policy-violation} and
 * {@code <close/>} instead. Confined to the connection's reading path (Jetty delivers one fragment at a
 * time, the next only on demand).
 */
final class MessageAssembler {
    /** What became of a fragment. */
    enum Step {
        /** Within the limit, more fragments follow. */
        MORE,
        /** The message is complete and within the limit: {@link #take()} it. */
        COMPLETE,
        /** The message just passed the limit; reported once, its remaining fragments are dropped. */
        TOO_LARGE,
        /** A fragment of a message already over the limit. */
        DROPPED
    }

    private static final byte[] NONE = new byte[0];

    private final int limit;
    private byte[] buffer = NONE;
    private int length;
    private boolean overLimit;
    private byte[] complete;

    MessageAssembler(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    Step append(String fragment, boolean fin) {
        if (overLimit) {
            if (fin) {
                overLimit = false;
            }
            return Step.DROPPED;
        }
        byte[] bytes = fragment.getBytes(StandardCharsets.UTF_8);
        if (length + (long) bytes.length > limit) {
            reset();
            overLimit = !fin;
            return Step.TOO_LARGE;
        }
        if (fin && length == 0) {
            // The usual case: a whole message in one frame, no copy.
            complete = bytes;
            return Step.COMPLETE;
        }
        if (length + bytes.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(length + bytes.length, buffer.length * 2)));
        }
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        if (!fin) {
            return Step.MORE;
        }
        complete = Arrays.copyOf(buffer, length);
        reset();
        return Step.COMPLETE;
    }

    /** The message that {@link Step#COMPLETE} announced. */
    byte[] take() {
        byte[] message = complete;
        complete = null;
        return message;
    }

    /** Drops what was gathered; an idle connection keeps no buffer. */
    private void reset() {
        buffer = NONE;
        length = 0;
    }
}
