package dev.portico.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes one session has accepted in one direction and not yet delivered, against
 * {@code limits.max-queued-bytes}. One item always fits when nothing is queued, so the cap can never
 * refuse a single element of the largest allowed size. Thread-safe. The upstream stream keeps one per
 * direction; a transport that buffers on its own (BOSH requests waiting in the rid window) keeps another.
 */
public final class ByteBudget {
    private final AtomicLong queued = new AtomicLong();
    private final long cap;

    public ByteBudget(long cap) {
        this.cap = cap;
    }

    /** Counts {@code size} more bytes, or returns false (counting nothing) if that would exceed the cap. */
    public boolean tryTake(long size) {
        while (true) {
            long before = queued.get();
            if (before > 0 && before + size > cap) {
                return false;
            }
            if (queued.compareAndSet(before, before + size)) {
                return true;
            }
        }
    }

    /** {@code size} bytes were delivered (or failed for good). */
    public void release(long size) {
        queued.addAndGet(-size);
    }

    public long queued() {
        return queued.get();
    }

    public long cap() {
        return cap;
    }
}
