package dev.portico.upstream;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The Jetty connection object on one upstream socket (or on the decrypted side of its TLS layer after
 * STARTTLS). It only moves bytes: reads are handed to the {@link UpstreamListener}, which may pause
 * reading for back-pressure.
 *
 * <p>Non-blocking: a read is parsed and handed on (WebSocket frames and BOSH responses are written
 * asynchronously) right in the selector thread, with no hand-off to a pool thread per read. Nothing on
 * that path may block: the listener only parses, counts and calls asynchronous writes.
 */
final class UpstreamConnection extends AbstractConnection.NonBlocking {
    private static final int READ_BUFFER_SIZE = 16 * 1024;

    private final ByteBufferPool pool;
    private final UpstreamListener listener;
    private final java.util.concurrent.atomic.AtomicBoolean disconnected = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean upgrading;

    UpstreamConnection(EndPoint endPoint, Executor executor, ByteBufferPool pool, UpstreamListener listener) {
        super(endPoint, executor);
        this.pool = pool;
        this.listener = listener;
    }

    @Override
    public void onOpen() {
        super.onOpen();
        fillInterested();
    }

    @Override
    public void onFillable() {
        RetainableByteBuffer retainable = pool.acquire(READ_BUFFER_SIZE, false);
        ByteBuffer buffer = retainable.getByteBuffer();
        try {
            while (true) {
                BufferUtil.clear(buffer);
                int filled = getEndPoint().fill(buffer);
                if (filled > 0) {
                    boolean keepReading = listener.onBytes(buffer);
                    if (upgrading) {
                        // STARTTLS: a new connection now owns the endpoint; this one must stop reading.
                        return;
                    }
                    if (!keepReading) {
                        // The listener has published its pause (ReadDemand) and will call resume() once;
                        // touch nothing after this point, a new read may already be running.
                        return;
                    }
                    if (filled < buffer.capacity()) {
                        // The socket had less than a buffer's worth: it is (almost certainly) empty now, and
                        // asking again would cost a read system call that returns nothing, once per stanza
                        // in sparse traffic. Wait for the selector instead; its readiness is level-triggered,
                        // so bytes that arrived meanwhile wake it at once, and a TLS layer that still holds
                        // decrypted bytes calls back at once too.
                        fillInterested();
                        return;
                    }
                } else if (filled == 0) {
                    fillInterested();
                    return;
                } else {
                    reportDisconnected(null);
                    getEndPoint().close();
                    return;
                }
            }
        } catch (Throwable x) {
            reportDisconnected(x);
            getEndPoint().close(x);
        } finally {
            retainable.release();
        }
    }

    /**
     * Resumes reading after the listener paused it. The listener's demand state guarantees exactly one
     * call per pause, so no flag is kept here (a second flag is what once lost a wake-up).
     */
    void resume() {
        fillInterested();
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        reportDisconnected(cause);
        super.onFillInterestedFailed(cause);
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        if (!upgrading) {
            reportDisconnected(cause);
        }
    }

    @Override
    protected boolean onReadTimeout(java.util.concurrent.TimeoutException timeout) {
        // Idle upstream streams are normal (a quiet chat): keep the read pending.
        return false;
    }

    @Override
    public boolean onIdleExpired(java.util.concurrent.TimeoutException timeout) {
        if (!upgrading && !disconnected.get()) {
            listener.onIdle();
        }
        // Never close for idleness; a failed keep-alive write closes a dead connection instead.
        return false;
    }

    // EOF, a failed fill and the close callback can all report the same loss; the session hears it once.
    private void reportDisconnected(Throwable cause) {
        if (disconnected.compareAndSet(false, true)) {
            listener.onDisconnected(cause);
        }
    }

    /** Marks this connection as being replaced by a TLS connection on the same endpoint. */
    void markUpgrading() {
        upgrading = true;
    }
}
