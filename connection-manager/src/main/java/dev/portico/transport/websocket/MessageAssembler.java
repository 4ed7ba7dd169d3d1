package dev.portico.transport.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Joins the fragments of one WebSocket text message into its UTF-8 bytes without ever holding more than
 * the limit ({@code websocket.max-frame-size}). Jetty would enforce a message limit itself, but only by
 * closing with a bare 1009; reading fragments lets the session answer with {@code policy-violation} and
 * {@code <close/>} instead. Fragments are raw frame payloads: nothing is decoded here (UTF-8 is checked
 * once, on the whole message, by the parser), and a message in one frame is not copied at all.
 * Confined to the connection's reading path (Jetty delivers one fragment at a time, the next only on
 * demand).
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
    private ByteBuffer complete;

    MessageAssembler(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** A fragment as text (tests, and callers that have one); see {@link #append(ByteBuffer, boolean)}. */
    Step append(String fragment, boolean fin) {
        return append(ByteBuffer.wrap(fragment.getBytes(StandardCharsets.UTF_8)), fin);
    }

    /**
     * The next fragment's payload. For a message in a single frame, {@link #take()} then returns a view of
     * {@code fragment} itself, valid only as long as the caller's frame is.
     */
    Step append(ByteBuffer fragment, boolean fin) {
        if (overLimit) {
            if (fin) {
                overLimit = false;
            }
            return Step.DROPPED;
        }
        int size = fragment.remaining();
        if (length + (long) size > limit) {
            reset();
            overLimit = !fin;
            return Step.TOO_LARGE;
        }
        if (fin && length == 0) {
            // The usual case: a whole message in one frame, no copy.
            complete = fragment.slice();
            return Step.COMPLETE;
        }
        if (length + size > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(length + size, buffer.length * 2)));
        }
        fragment.duplicate().get(buffer, length, size);
        length += size;
        if (!fin) {
            return Step.MORE;
        }
        complete = ByteBuffer.wrap(Arrays.copyOf(buffer, length));
        reset();
        return Step.COMPLETE;
    }

    /** The message that {@link Step#COMPLETE} announced: its bytes from position to limit. */
    ByteBuffer take() {
        ByteBuffer message = complete;
        complete = null;
        return message;
    }

    /** Drops what was gathered; an idle connection keeps no buffer. */
    private void reset() {
        buffer = NONE;
        length = 0;
    }
}
