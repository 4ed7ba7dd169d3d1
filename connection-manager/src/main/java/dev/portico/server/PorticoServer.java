package dev.portico.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.portico.config.PorticoConfig;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.session.LoginGuard;
import dev.portico.metrics.PorticoMetrics;
import dev.portico.metrics.SessionEndLog;
import dev.portico.metrics.SessionObservers;
import dev.portico.metrics.StatusSamples;
import dev.portico.metrics.UpstreamHealth;
import dev.portico.session.NewSessionRateLimiter;
import dev.portico.session.SessionRegistry;
import dev.portico.session.SessionServices;
import dev.portico.transport.ClientAddresses;
import dev.portico.transport.ConnectionLimiter;
import dev.portico.transport.OriginPolicy;
import dev.portico.transport.bosh.BoshHandler;
import dev.portico.transport.websocket.XmppWebSocketCreator;
import dev.portico.upstream.UpstreamConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: one Jetty server with the WebSocket and BOSH transports, the web chat, and the
 * operational endpoints, plus the shared upstream connector. Tests start it on port 0 and read
 * {@link #port()}.
 */
public final class PorticoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PorticoServer.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);

    private final PorticoConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final SessionRegistry registry;
    private final UpstreamConnector upstream;
    private final SessionServices services;
    private final List<Graceful> graceful;
    private final PorticoMetrics metrics;
    private final StatusSamples samples;
    private Scheduler sampling;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    public PorticoServer(PorticoConfig config) {
        this(config, defaultMaxThreads(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The pool size for a machine: a small multiple of the cores plus a constant. Nothing holds a thread
     * per session or per held request (reads, BOSH bodies and writes are all asynchronous), so the pool
     * only needs room for work in progress; bounding it keeps the thread count flat from 100 to 10,000
     * sessions instead of growing with bursts.
     */
    static int defaultMaxThreads(int cores) {
        return 8 * Math.max(1, cores) + 16;
    }

    /**
     * @param maxThreads the server thread pool's size; transports never hold a thread per session, which
     *                   tests prove by capping this low
     */
    public PorticoServer(PorticoConfig config, int maxThreads) {
        this.config = config;
        // All threads from the start (minimum = maximum): the count stays the same idle and loaded, with few
        // sessions or many, instead of threads being started under a burst and retired when it passes.
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, maxThreads);
        threads.setName("portico");
        this.server = new Server(threads);
        Scheduler scheduler = new ScheduledExecutorScheduler("portico-timer", false);
        server.addBean(scheduler);
        this.connector = new PorticoConnector(server, new HttpConnectionFactory(quietHttp()));
        connector.setHost(config.http().bind());
        connector.setPort(config.http().port());
        server.addConnector(connector);

        this.registry = new SessionRegistry(config.limits().maxSessions(), config.limits().maxSessionsPerIp(),
            new NewSessionRateLimiter(config.limits().newSessionsPerIpPerMinute(), Ticker.systemTicker()),
            new LoginGuard(config.limits().authFailuresPerIpPerHour(), Ticker.systemTicker()));
        this.upstream = new UpstreamConnector(config.upstream(), threads, scheduler);
        server.addBean(upstream);
        this.services = new SessionServices(upstream, scheduler, registry, config.upstream().maxElementSize(),
            config.upstream().connectTimeout(), config.upstream().closeGrace(), config.limits().maxQueuedBytes());

        OriginPolicy origins = new OriginPolicy(config.http().allowedOrigins(), this::ownOrigin);
        ConnectionLimiter connections = new ConnectionLimiter(config.limits().maxConnectionsPerIp());
        ContextHandler context = new ContextHandler("/");
        List<Handler> handlers = new ArrayList<>();
        handlers.add(new HealthHandler(registry::isDraining));
        handlers.add(new HostMetaHandler(config.websocket().path(), config.bosh().path(), config.http().publicUrl()));
        handlers.add(new dev.portico.web.WebClientHandler(new dev.portico.web.WebSettings(config.web().title(),
            config.web().defaultDomain(), config.websocket().path(), config.bosh().path(),
            config.web().widgetAllowedEmbedders())));
        BoshHandler bosh = new BoshHandler(config, services, origins, connections);
        handlers.add(bosh);
        this.metrics = new PorticoMetrics(registry, bosh::stats, threads);
        UpstreamHealth health = new UpstreamHealth(Clock.systemUTC());
        registry.observe(new SessionObservers(metrics, new SessionEndLog(config.ops().jsonLogs()), health));
        handlers.add(new MetricsHandler(metrics::scrape,
            new MetricsAccess(config.metrics().allowFrom(), new ClientAddresses(config.http().trustedProxies()))));
        this.samples = new StatusSamples(registry::size, metrics::stanzasTotal);
        handlers.add(new StatusHandler(config.web().title(), List.copyOf(config.upstream().domains().keySet()),
            config.ops().adminToken(), new ClientAddresses(config.http().trustedProxies()), registry, metrics, bosh::stats,
            health, samples));
        this.graceful = new ArrayList<>();
        graceful.add(new GracefulSessions(registry));
        handlers.stream().filter(h -> h instanceof Graceful).map(h -> (Graceful) h).forEach(graceful::add);
        Handler.Sequence sequence = new Handler.Sequence(handlers.toArray(Handler[]::new));
        WebSocketUpgradeHandler webSocket = WebSocketUpgradeHandler.from(server, context, container -> {
            // The endpoint reads messages fragment by fragment and enforces websocket.max-frame-size itself,
            // so an over-long message gets policy-violation and <close/> rather than Jetty's bare 1009.
            container.setMaxTextMessageSize(config.websocket().maxFrameSize());
            container.setIdleTimeout(config.websocket().pingInterval().multipliedBy(3).plusSeconds(30));
            // The upgrade request itself does not block either (see nonBlockingHttp below).
            container.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
            container.addMapping(config.websocket().path(), new XmppWebSocketCreator(services, origins, config, connections));
        });
        webSocket.setHandler(sequence);
        context.setHandler(webSocket);
        HardeningHeaders root = new HardeningHeaders(context);
        server.setHandler(root);
        nonBlockingHttp(server, root, context, webSocket, sequence);
        server.setStopTimeout(5_000);
        server.setErrorHandler(quietErrors());
    }

    /**
     * Every handler here is non-blocking (BOSH bodies are read and answered asynchronously, pages and
     * assets come from memory), so the server declares itself non-blocking and Jetty parses and handles a
     * request in the selector thread that read it, with no wake-up of another thread per request. Jetty
     * treats a container whose handlers may change at runtime as blocking, so the tree is fixed here.
     */
    private static void nonBlockingHttp(Server server, Handler.AbstractContainer... containers) {
        server.setDynamic(false);
        for (Handler.AbstractContainer container : containers) {
            container.setDynamic(false);
        }
    }

    /** Whether Jetty runs request handling in the selector thread (true once started, see {@link #nonBlockingHttp}). */
    boolean handlesRequestsInline() {
        return server.getInvocationType() == Invocable.InvocationType.NON_BLOCKING;
    }

    /** No {@code Server} header and no "Powered by Jetty" line: the version helps only an attacker. */
    static HttpConfiguration quietHttp() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty's per-connection cache of parsed header fields is a 96 KiB table on every HTTP/1.1
        // connection, and every idle BOSH session keeps one open with its held request (measured: most of
        // an idle BOSH session's heap). Parsing a BOSH request's few headers afresh costs far less.
        http.setHeaderCacheSize(0);
        return http;
    }

    /** Error pages say the status and nothing else: no stack trace, no cause, no exception message. */
    private static ErrorHandler quietErrors() {
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        errors.setShowOrigin(false);
        return errors;
    }

    /** Starts listening; returns once connections are accepted. */
    public PorticoServer start() throws Exception {
        server.start();
        sampling = server.getBean(Scheduler.class);
        sampleThenReschedule();
        if (ownOrigin() == null) {
            LOG.warn("http.bind {} listens on every interface and http.public-url is not set: browsers reaching "
                + "Portico by a host name get 403; set http.public-url to the address they use", config.http().bind());
        }
        return this;
    }

    /** One status-chart sample now, the next one {@link StatusSamples#INTERVAL_MILLIS} later, until stopped. */
    private void sampleThenReschedule() {
        samples.sample(System.currentTimeMillis());
        if (!closing.get() && sampling.isRunning()) {
            sampling.schedule(this::sampleThenReschedule, StatusSamples.INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Portico's own browser origin: the public URL's when configured, else the listener's
     * ({@code http://BIND:PORT}); null for a wildcard bind without a public URL, which names no one host.
     * Never taken from a request's Host header (DNS rebinding).
     */
    public String ownOrigin() {
        if (config.http().publicOrigin().isPresent()) {
            return config.http().publicOrigin().get();
        }
        String host = config.http().bind();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            return null;
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** How the listener's selectors have run the I/O events of browser connections so far. */
    public SelectorDispatch selectorDispatch() {
        return SelectorDispatch.of(connector.getSelectorManager());
    }

    /** Open HTTP/WebSocket connections (endpoints Jetty still holds), for tests and metrics. */
    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /** The address to print and to point clients at, e.g. {@code http://127.0.0.1:7070}. */
    public String baseUrl() {
        String host = config.http().bind();
        if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** Live sessions, for tests and metrics. */
    public SessionRegistry sessions() {
        return registry;
    }

    /** The configuration in force. */
    public PorticoConfig config() {
        return config;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        // Stop listening first: a load balancer's next connection attempt is refused and goes to another
        // node (HAProxy's redispatch, nginx's next upstream), also for the clients told to reconnect below,
        // and /healthz fails. Connections already open stay up until Jetty stops.
        connector.close();
        // Then tell every browser session (system-shutdown) and close its upstream stream, while the
        // connections are still up; Jetty's own graceful stop would close the WebSockets first.
        CompletableFuture<?>[] ends = graceful.stream().map(Graceful::shutdown).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ends).get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} sessions still open after {}; stopping anyway", registry.size(), SHUTDOWN_WAIT);
        }
        server.stop();
        metrics.close();
    }

    @Override
    public String toString() {
        return "PorticoServer[" + new InetSocketAddress(config.http().bind(), port()) + "]";
    }
}
