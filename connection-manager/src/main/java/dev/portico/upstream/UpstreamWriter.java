package dev.portico.upstream;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Serializes writes to one upstream endpoint: a Jetty endpoint accepts one pending write at a time.
 * It does not bound the queue itself: {@link XmppStream} counts the bytes it queues here against
 * {@code limits.max-queued-bytes} and ends the session over it, so every write either completes or its
 * callback fails and the session ends with an error the browser sees.
 */
final class UpstreamWriter extends IteratingCallback {

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
