package dev.portico.upstream;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import dev.portico.config.UpstreamConfig;
import dev.portico.config.UpstreamDomain;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens upstream c2s TCP connections for configured domains only. The address always comes from the
 * configuration or from the domain's DNS records ({@link UpstreamAddresses}), never from anything a client
 * sent, so Portico cannot be used as an open proxy. A candidate found as direct TLS starts with the TLS
 * handshake ({@link UpstreamLink#connectionFactory()}). All connections share one {@link ClientConnector}
 * (a few selector threads), so there is no thread per session.
 */
public final class UpstreamConnector extends ContainerLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnector.class);

    private final UpstreamConfig config;
    private final ClientConnector clientConnector;
    private final SslContextFactory.Client tls;
    private final ByteBufferPool pool;
    private final Executor executor;
    private final SocketAddressResolver hostResolver;
    private final UpstreamAddresses addresses;

    public UpstreamConnector(UpstreamConfig config, Executor executor, Scheduler scheduler) {
        this.config = config;
        this.executor = executor;
        this.pool = new ArrayByteBufferPool();
        this.clientConnector = new ClientConnector();
        clientConnector.setExecutor(executor);
        clientConnector.setScheduler(scheduler);
        clientConnector.setByteBufferPool(pool);
        clientConnector.setConnectTimeout(config.connectTimeout());
        // Idleness does not end a stream: it triggers a whitespace keep-alive (UpstreamListener.onIdle).
        clientConnector.setIdleTimeout(config.keepAlive());
        clientConnector.setTCPNoDelay(true);
        this.tls = UpstreamTls.clientContext(config.trustStore(), config.trustStorePassword());
        this.hostResolver = new SocketAddressResolver.Async(executor, scheduler, config.connectTimeout().toMillis());
        this.addresses = new UpstreamAddresses(config.tls(), config.allowPrivateDns(),
            new SrvLookup(executor, Duration.ofMinutes(5)), this::resolve);
        addBean(clientConnector);
        addBean(tls);
        if (config.allowPlaintext() && config.tls().mayStayPlaintext()) {
            LOG.warn("upstream.allow-plaintext is on and upstream.tls={}: streams to {} may carry passwords in cleartext"
                + " over the network (each plaintext stream is logged)", config.tls().wireName(), config.domains().keySet());
        }
    }

    /** Whether the domain is one this Portico serves (the only ones a session may open). */
    public boolean serves(String domain) {
        return domain != null && config.domains().containsKey(domain.toLowerCase(Locale.ROOT));
    }

    /** The upstream configuration in force. */
    public UpstreamConfig config() {
        return config;
    }

    /**
     * Connects to the server of a configured domain. The promise completes on an I/O thread with a
     * link whose reads are already flowing to the listener.
     */
    public void connect(String domain, UpstreamListener listener, Promise<UpstreamLink> promise) {
        connect(domain, null, listener, promise);
    }

    /**
     * Like {@link #connect(String, UpstreamListener, Promise)}, on behalf of a browser: for a domain with
     * {@code proxy-protocol} the connection starts with a PROXY protocol v2 header naming {@code client}.
     *
     * @param client the browser's address as Portico sees it (after trusted {@code X-Forwarded-For}); null if
     *               unknown, which sends a LOCAL header on such a domain
     */
    public void connect(String domain, InetSocketAddress client, UpstreamListener listener,
                        Promise<UpstreamLink> promise) {
        UpstreamDomain target = config.domains().get(domain.toLowerCase(Locale.ROOT));
        if (target == null) {
            promise.failed(new IllegalArgumentException("domain not served: " + domain));
            return;
        }
        addresses.find(target).whenComplete((candidates, failure) -> {
            if (failure != null) {
                promise.failed(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            } else {
                ProxyHeader proxy = target.proxyProtocol() ? new ProxyHeader(client) : null;
                tryConnect(target.domain(), proxy, candidates, 0, listener, promise, null);
            }
        });
    }

    private CompletableFuture<List<InetSocketAddress>> resolve(String host, int port) {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        hostResolver.resolve(host, port, Map.of(), Promise.from(result));
        return result;
    }

    private void tryConnect(String domain, ProxyHeader proxy, List<UpstreamAddresses.Candidate> candidates, int index,
                            UpstreamListener listener, Promise<UpstreamLink> promise, Throwable lastFailure) {
        if (index >= candidates.size()) {
            promise.failed(lastFailure);
            return;
        }
        UpstreamAddresses.Candidate candidate = candidates.get(index);
        InetSocketAddress address = candidate.address();
        UpstreamLink link = new UpstreamLink(domain, address, candidate.directTls(), tls, config.tls(), listener, pool, executor);
        Map<String, Object> context = new HashMap<>();
        context.put(Transport.CONTEXT_KEY, Transport.TCP_IP);
        ClientConnectionFactory factory = link.connectionFactory();
        context.put(ClientConnectionFactory.CONTEXT_KEY, proxy == null ? factory : proxy.before(factory));
        context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, new Promise<Connection>() {
            @Override
            public void succeeded(Connection connection) {
                promise.succeeded(link);
            }

            @Override
            public void failed(Throwable cause) {
                LOG.debug("connect to {} for {} failed: {}", address, domain, cause.toString());
                tryConnect(domain, proxy, candidates, index + 1, listener, promise, cause);
            }
        });
        clientConnector.connect(address, context);
    }

    @Override
    public String toString() {
        return "UpstreamConnector[" + config.domains().keySet() + ", tls=" + config.tls() + "]";
    }
}
