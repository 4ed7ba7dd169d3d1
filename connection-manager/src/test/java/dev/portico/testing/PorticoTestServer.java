package dev.portico.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.portico.config.HttpConfig;
import dev.portico.config.LimitsConfig;
import dev.portico.config.MetricsConfig;
import dev.portico.config.PorticoConfig;
import dev.portico.config.TlsPolicy;
import dev.portico.config.UpstreamConfig;
import dev.portico.config.UpstreamDomain;
import dev.portico.config.WebConfig;
import dev.portico.config.WebSocketConfig;
import dev.portico.server.PorticoServer;

/**
 * Starts a real Portico on a free loopback port in front of a test XMPP server (normally the
 * {@link ProsodyServer} fixture). Shared with e2e-tests through the test-jar.
 */
public final class PorticoTestServer implements AutoCloseable {
    private final PorticoServer server;

    private PorticoTestServer(PorticoServer server) {
        this.server = server;
    }

    /** A builder in front of a running test XMPP server: its domain, c2s port, and its certificate trusted. */
    public static Builder inFrontOf(XmppTestServer prosody) {
        return builder(prosody.domain(), prosody.c2sPort()).trustStore(prosody.trustStorePkcs12(), prosody.trustStorePassword());
    }

    /** A builder targeting one domain served at 127.0.0.1:port. */
    public static Builder builder(String domain, int c2sPort) {
        return new Builder(domain, c2sPort);
    }

    /** The running server. */
    public PorticoServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** {@code ws://127.0.0.1:PORT/xmpp-websocket}. */
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + server.port() + server.config().websocket().path());
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    /** Options for a test Portico. */
    public static final class Builder {
        private final String domain;
        private final int c2sPort;
        // Loopback test servers may run without TLS; a plaintext policy needs no force towards 127.0.0.1.
        private TlsPolicy tls = TlsPolicy.IF_OFFERED;
        private boolean viaDns;
        private boolean proxyProtocol;
        private boolean allowPrivateDns;
        private Optional<Path> trustStore = Optional.empty();
        private Optional<String> trustStorePassword = Optional.empty();
        private int maxStanzaSize = LimitsConfig.DEFAULTS.maxStanzaSize();
        private List<String> allowedOrigins = List.of();
        private List<String> trustedProxies = List.of();
        private Optional<String> publicUrl = Optional.empty();
        private int maxFrameSize = WebSocketConfig.DEFAULTS.maxFrameSize();
        // Every test client comes from 127.0.0.1: lifted unless a test is about it.
        private int maxConnectionsPerIp = 10_000;
        private Duration openTimeout = LimitsConfig.DEFAULTS.openTimeout();
        /** 0: the product's own default pool size, so tests run with what production runs with. */
        private int maxThreads;
        private Duration closeGrace = Duration.ofSeconds(1);
        private Duration keepAlive = Duration.ofSeconds(60);
        private WebConfig web = WebConfig.DEFAULTS;
        private Duration pingInterval = WebSocketConfig.DEFAULTS.pingInterval();
        private int maxQueuedBytes = LimitsConfig.DEFAULTS.maxQueuedBytes();
        private int authFailuresPerIpPerHour;
        private MetricsConfig metrics = MetricsConfig.DEFAULTS;

        private Builder(String domain, int c2sPort) {
            this.domain = domain;
            this.c2sPort = c2sPort;
        }

        public Builder tls(TlsPolicy policy) {
            this.tls = policy;
            return this;
        }

        /**
         * Gives the domain no host, so Portico finds it through DNS (SRV, then the domain itself at the c2s
         * port): for domain {@code localhost} that is 127.0.0.1, which DNS answers may only reach with
         * {@link #allowPrivateDns(boolean)}.
         */
        public Builder viaDns() {
            this.viaDns = true;
            return this;
        }

        /** Sets the domain's {@code proxy-protocol}: a PROXY protocol v2 header first on every upstream connection. */
        public Builder proxyProtocol(boolean enabled) {
            this.proxyProtocol = enabled;
            return this;
        }

        /** Sets {@code upstream.allow-private-dns}. */
        public Builder allowPrivateDns(boolean allow) {
            this.allowPrivateDns = allow;
            return this;
        }

        public Builder trustStore(Path file, String password) {
            this.trustStore = Optional.of(file);
            this.trustStorePassword = Optional.ofNullable(password);
            return this;
        }

        public Builder maxStanzaSize(int bytes) {
            this.maxStanzaSize = bytes;
            return this;
        }

        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = origins;
            return this;
        }

        public Builder trustedProxies(List<String> proxies) {
            this.trustedProxies = proxies;
            return this;
        }

        /** {@code websocket.max-frame-size}. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /** {@code limits.max-connections-per-ip} (lifted by default: every test client is 127.0.0.1). */
        public Builder maxConnectionsPerIp(int connections) {
            this.maxConnectionsPerIp = connections;
            return this;
        }

        /** {@code limits.open-timeout}. */
        public Builder openTimeout(Duration timeout) {
            this.openTimeout = timeout;
            return this;
        }

        /** {@code http.public-url}: the address browsers are told Portico is at. */
        public Builder publicUrl(String url) {
            this.publicUrl = Optional.of(url);
            return this;
        }

        public Builder maxThreads(int threads) {
            this.maxThreads = threads;
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        public Builder keepAlive(Duration interval) {
            this.keepAlive = interval;
            return this;
        }

        public Builder closeGrace(Duration grace) {
            this.closeGrace = grace;
            return this;
        }

        /** {@code limits.max-queued-bytes}: per session and direction (raised to the stanza size if below it). */
        public Builder maxQueuedBytes(int bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        /** Who may read /metrics. */
        public Builder metrics(MetricsConfig config) {
            this.metrics = config;
            return this;
        }

        /** Turns the failed-login guard on (off by default: every test client comes from 127.0.0.1). */
        public Builder authFailuresPerIpPerHour(int failures) {
            this.authFailuresPerIpPerHour = failures;
            return this;
        }

        /** The web chat settings (title, default domain, widget embedders). */
        public Builder web(WebConfig webConfig) {
            this.web = webConfig;
            return this;
        }

        /** The configuration this builder describes. */
        public PorticoConfig config() {
            PorticoConfig d = PorticoConfig.DEFAULTS;
            UpstreamConfig upstream = new UpstreamConfig(
                Map.of(domain, new UpstreamDomain(domain, viaDns ? Optional.empty() : Optional.of("127.0.0.1"), c2sPort,
                    proxyProtocol)),
                tls, trustStore, trustStorePassword, Duration.ofSeconds(5), closeGrace, d.upstream().maxElementSize(),
                keepAlive, false, allowPrivateDns);
            HttpConfig http = new HttpConfig("127.0.0.1", 0, allowedOrigins, trustedProxies, publicUrl);
            // Every test client comes from 127.0.0.1, so the per-IP limits are lifted.
            LimitsConfig limits = new LimitsConfig(maxStanzaSize, d.limits().maxSessions(), 10_000, 1_000_000,
                Math.max(maxStanzaSize, maxQueuedBytes), maxConnectionsPerIp, openTimeout,
                authFailuresPerIpPerHour);
            WebSocketConfig ws = new WebSocketConfig(d.websocket().path(), pingInterval, maxFrameSize);
            return new PorticoConfig(http, upstream, ws, d.bosh(), limits, web, d.demo(), d.ops(), metrics);
        }

        public PorticoTestServer start() throws Exception {
            PorticoServer server = maxThreads > 0 ? new PorticoServer(config(), maxThreads) : new PorticoServer(config());
            return new PorticoTestServer(server.start());
        }
    }
}
