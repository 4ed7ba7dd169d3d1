package dev.portico.upstream;

import java.nio.ByteBuffer;
import java.nio.channels.WritePendingException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Serializes writes to one upstream endpoint: a Jetty endpoint accepts one pending write at a time.
 * The queue is bounded because the session demands the next browser frame only after the previous one
 * was written; the bound is a safety net, not a buffer.
 */
final class UpstreamWriter extends IteratingCallback {
    static final int MAX_QUEUED = 64;

    private record Entry(ByteBuffer buffer, Callback callback) {
    }

    private final Supplier<EndPoint> endPoint;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private Entry current;

    UpstreamWriter(Supplier<EndPoint> endPoint) {
        this.endPoint = endPoint;
    }

    /** Queues bytes for the server; the callback completes once they are written to the socket. */
    void write(ByteBuffer buffer, Callback callback) {
        if (isFailed() || isClosed()) {
            callback.failed(new java.io.IOException("upstream connection closed"));
            return;
        }
        lock.lock();
        try {
            if (queue.size() >= MAX_QUEUED) {
                callback.failed(new WritePendingException());
                return;
            }
            queue.add(new Entry(buffer, callback));
        } finally {
            lock.unlock();
        }
        iterate();
    }

    /** True when nothing is queued or being written (used before a STARTTLS upgrade). */
    boolean isIdle() {
        lock.lock();
        try {
            return current == null && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected Action process() {
        Entry next;
        lock.lock();
        try {
            next = queue.poll();
            current = next;
        } finally {
            lock.unlock();
        }
        if (next == null) {
            return Action.IDLE;
        }
        endPoint.get().write(this, next.buffer());
        return Action.SCHEDULED;
    }

    @Override
    protected void onSuccess() {
        Entry done;
        lock.lock();
        try {
            done = current;
            current = null;
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.callback().succeeded();
        }
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        ArrayDeque<Entry> failed = new ArrayDeque<>();
        lock.lock();
        try {
            if (current != null) {
                failed.add(current);
                current = null;
            }
            failed.addAll(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        failed.forEach(e -> e.callback().failed(cause));
    }
}
