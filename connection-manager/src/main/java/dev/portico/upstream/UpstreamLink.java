package dev.portico.upstream;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import dev.portico.config.TlsPolicy;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslClientConnectionFactory;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's handle on its upstream TCP stream. It survives the STARTTLS upgrade, which replaces the
 * Jetty connection underneath it on the same endpoint. Writes go through one serialized, bounded queue.
 * A direct TLS link (XEP-0368) is encrypted from the first byte and never upgraded.
 */
public final class UpstreamLink {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLink.class);
    /** XEP-0368 §3: the ALPN protocol of a direct TLS c2s stream. */
    private static final String ALPN_XMPP_CLIENT = "xmpp-client";

    private final String domain;
    private final InetSocketAddress remote;
    private final SslContextFactory.Client tls;
    private final TlsPolicy policy;
    private final UpstreamListener listener;
    private final ByteBufferPool pool;
    private final Executor executor;
    private final UpstreamWriter writer;
    private final boolean directTls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile UpstreamConnection connection;
    private volatile boolean secure;

    UpstreamLink(String domain, InetSocketAddress remote, boolean directTls, SslContextFactory.Client tls,
                 TlsPolicy policy, UpstreamListener listener, ByteBufferPool pool, Executor executor) {
        this.pool = pool;
        this.executor = executor;
        this.domain = domain;
        this.remote = remote;
        this.directTls = directTls;
        this.tls = tls;
        this.policy = policy;
        this.listener = listener;
        this.secure = directTls;
        this.writer = new UpstreamWriter(() -> connection.getEndPoint());
    }

    /** What the connector puts on the new TCP endpoint: the byte mover, behind TLS for a direct TLS link. */
    ClientConnectionFactory connectionFactory() {
        if (!directTls) {
            return byteMover();
        }
        return (endPoint, context) -> {
            SslConnection sslConnection = tlsConnection(endPoint);
            SSLEngine engine = sslConnection.getSSLEngine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {ALPN_XMPP_CLIENT});
            engine.setSSLParameters(parameters);
            return sslConnection;
        };
    }

    // The connection that moves the (decrypted) bytes; it becomes the one this link writes to.
    private ClientConnectionFactory byteMover() {
        return (endPoint, context) -> {
            UpstreamConnection created = new UpstreamConnection(endPoint, executor, pool, listener);
            attach(created);
            return created;
        };
    }

    void attach(UpstreamConnection connection) {
        this.connection = connection;
    }

    /** The address of the server this stream is connected to. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Whether the stream is encrypted: STARTTLS has completed, or it is a direct TLS stream. */
    public boolean isSecure() {
        return secure;
    }

    /**
     * The session calls this once TLS is settled and the server's features go to the browser. A stream that
     * stays plaintext is logged as a warning, one line per stream: its SASL exchange and stanzas cross the
     * network unencrypted.
     */
    public void tlsSettled() {
        if (!secure) {
            LOG.warn("upstream stream for {} to {} stays in plaintext (upstream.tls={}): the password and messages"
                + " cross the network unencrypted", domain, printable(remote), policy.wireName());
        }
    }

    private static String printable(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Writes UTF-8 bytes to the server; the callback completes when they left for the socket. */
    public void write(ByteBuffer bytes, Callback callback) {
        writer.write(bytes, callback);
    }

    /** Whether a write is queued or in progress (used to tell a server that stopped reading). */
    public boolean isWriting() {
        return !writer.isIdle();
    }

    /** Resumes reading after {@link UpstreamListener#onBytes} returned {@code false}; once per pause. */
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
        Connection sslConnection = tlsConnection(endPoint);
        plain.markUpgrading();
        secure = true;
        endPoint.upgrade(sslConnection);
    }

    // The certificate (and SNI) is checked against the XMPP domain, not the address connected to.
    private SslConnection tlsConnection(EndPoint endPoint) throws java.io.IOException {
        Map<String, Object> context = new HashMap<>();
        context.put(ClientConnector.REMOTE_SOCKET_ADDRESS_CONTEXT_KEY,
            InetSocketAddress.createUnresolved(domain, remote.getPort()));
        SslClientConnectionFactory sslFactory = new SslClientConnectionFactory(tls, pool, executor, byteMover());
        // A failed handshake closes the endpoint; the session logs the cause once as the lost connection.
        return (SslConnection) sslFactory.newConnection(endPoint, context);
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
        return "UpstreamLink[" + domain + " via " + remote + (secure ? (directTls ? ", direct tls" : ", tls") : "") + (closed.get() ? ", closed" : "") + "]";
    }
}
