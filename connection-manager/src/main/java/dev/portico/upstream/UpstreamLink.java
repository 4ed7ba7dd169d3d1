package dev.portico.upstream;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslClientConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A session's handle on its upstream TCP stream. It survives the STARTTLS upgrade, which replaces the
 * Jetty connection underneath it on the same endpoint. Writes go through one serialized, bounded queue.
 */
public final class UpstreamLink {
    private final String domain;
    private final InetSocketAddress remote;
    private final SslContextFactory.Client tls;
    private final UpstreamListener listener;
    private final ByteBufferPool pool;
    private final Executor executor;
    private final UpstreamWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile UpstreamConnection connection;
    private volatile boolean secure;

    UpstreamLink(String domain, InetSocketAddress remote, SslContextFactory.Client tls, UpstreamListener listener,
                 ByteBufferPool pool, Executor executor) {
        this.pool = pool;
        this.executor = executor;
        this.domain = domain;
        this.remote = remote;
        this.tls = tls;
        this.listener = listener;
        this.writer = new UpstreamWriter(() -> connection.getEndPoint());
    }

    void attach(UpstreamConnection connection) {
        this.connection = connection;
    }

    /** The address of the server this stream is connected to. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Whether STARTTLS has completed on this stream. */
    public boolean isSecure() {
        return secure;
    }

    /** Writes UTF-8 bytes to the server; the callback completes when they left for the socket. */
    public void write(ByteBuffer bytes, Callback callback) {
        writer.write(bytes, callback);
    }

    /** Resumes reading after {@link UpstreamListener#onBytes} returned {@code false}. */
    public void resumeReading() {
        UpstreamConnection c = connection;
        if (c != null) {
            c.resume();
        }
    }

    /**
     * Switches this stream to TLS in place (RFC 6120 §5.4.3.3) after the server's {@code <proceed/>}.
     * Must be called from inside {@link UpstreamListener#onBytes} so no read is in flight. The server
     * certificate is checked against the XMPP domain, not the host name we connected to.
     */
    public void startTls() throws java.io.IOException {
        UpstreamConnection plain = connection;
        EndPoint endPoint = plain.getEndPoint();
        Map<String, Object> context = new HashMap<>();
        context.put(ClientConnector.REMOTE_SOCKET_ADDRESS_CONTEXT_KEY,
            InetSocketAddress.createUnresolved(domain, remote.getPort()));
        ClientConnectionFactory application = (decrypted, ctx) -> {
            UpstreamConnection secured = new UpstreamConnection(decrypted, executor, pool, listener);
            attach(secured);
            return secured;
        };
        SslClientConnectionFactory sslFactory = new SslClientConnectionFactory(tls,
            pool, executor, application);
        Connection sslConnection = sslFactory.newConnection(endPoint, context);
        plain.markUpgrading();
        secure = true;
        endPoint.upgrade(sslConnection);
    }

    /** Closes the TCP connection (after the session has sent its closing stream tag, if any). */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            UpstreamConnection c = connection;
            if (c != null) {
                c.getEndPoint().close();
            }
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "UpstreamLink[" + domain + " via " + remote + (secure ? ", tls" : "") + (closed.get() ? ", closed" : "") + "]";
    }
}
