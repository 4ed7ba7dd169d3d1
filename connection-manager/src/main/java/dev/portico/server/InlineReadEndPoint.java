package dev.portico.server;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

/**
 * A browser's socket on which an upgraded WebSocket connection's reads run in the selector thread that
 * saw the bytes arrive, instead of being handed to another thread.
 *
 * <p>Why: Jetty's {@link WebSocketConnection} registers its read callback as blocking, so every frame
 * from a browser made the selector wake a second thread (to run the frame, or to take over selecting).
 * On a virtual machine a wake-up and its context switches cost more than the relay itself: profiling at
 * 1,000 messages/s showed most of Portico's CPU in the kernel switching threads. Nothing on Portico's
 * WebSocket read path blocks: a frame is parsed and then written upstream asynchronously, and the next
 * frame is demanded only when that write completes ({@code XmppWebSocketEndpoint}). So the read callback
 * is declared non-blocking, which lets Jetty's selector run it in place.
 *
 * <p>HTTP connections are left alone here: their read callback takes its invocation type from the
 * server's handlers, which {@link PorticoServer} declares non-blocking.
 */
final class InlineReadEndPoint extends SocketChannelEndPoint {
    /**
     * The wrapper of the WebSocket connection's read callback, kept so each read does not allocate one.
     * Written and read by whichever thread registers read interest; a stale value merely costs one new
     * wrapper, so a plain volatile is enough.
     */
    private volatile NonBlockingRead lastRead;

    InlineReadEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        super(channel, selector, key, scheduler);
    }

    @Override
    public void fillInterested(Callback callback) {
        super.fillInterested(inlineIfWebSocket(callback));
    }

    @Override
    public boolean tryFillInterested(Callback callback) {
        return super.tryFillInterested(inlineIfWebSocket(callback));
    }

    private Callback inlineIfWebSocket(Callback callback) {
        if (!(getConnection() instanceof WebSocketConnection)
            || Invocable.getInvocationType(callback) != Invocable.InvocationType.BLOCKING) {
            return callback;
        }
        NonBlockingRead last = lastRead;
        if (last != null && last.delegate == callback) {
            return last;
        }
        NonBlockingRead wrapped = new NonBlockingRead(callback);
        lastRead = wrapped;
        return wrapped;
    }

    /** The same callback, declared non-blocking so the selector runs it itself. */
    static final class NonBlockingRead implements Callback {
        private final Callback delegate;

        NonBlockingRead(Callback delegate) {
            this.delegate = delegate;
        }

        @Override
        public void succeeded() {
            delegate.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            delegate.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        @Override
        public String toString() {
            return "NonBlockingRead[" + delegate + "]";
        }
    }
}
