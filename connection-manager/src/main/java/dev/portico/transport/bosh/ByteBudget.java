package dev.portico.transport.bosh;

/**
 * The bytes a BOSH session holds in one direction (accepted from the browser but not yet written upstream,
 * or received from the server but not yet handed to a response), against {@code limits.max-queued-bytes}.
 * Changed only under the session's lock; the figures are volatile so tests and metrics may read them from
 * any thread.
 */
final class ByteBudget {
    private final long cap;
    private volatile long queued;
    private volatile long highWater;

    ByteBudget(long cap) {
        this.cap = cap;
    }

    /**
     * Counts {@code bytes} more, unless that would pass the cap while something is already counted: one
     * item alone is always admitted (its size is bounded by the stanza and body limits, and refusing it would
     * stall the session for good). False means nothing was counted and the session is over its cap.
     */
    boolean tryAdd(long bytes) {
        long now = queued;
        if (now > 0 && now + bytes > cap) {
            return false;
        }
        now += bytes;
        queued = now;
        if (now > highWater) {
            highWater = now;
        }
        return true;
    }

    void release(long bytes) {
        queued = Math.max(0, queued - bytes);
    }

    /** The session is over: nothing it held will be written. */
    void clear() {
        queued = 0;
    }

    long queued() {
        return queued;
    }

    /** The most ever counted at once. */
    long highWater() {
        return highWater;
    }

    long cap() {
        return cap;
    }
}
