package dev.portico.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.portico.session.ClientSession;
import dev.portico.session.SessionEvents;
import dev.portico.session.SessionRegistry;
import dev.portico.transport.bosh.BoshStats;
import dev.portico.xml.StreamErrorCondition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * Portico's Micrometer meters, exposed in the Prometheus text format. Hot-path events (a stanza each way)
 * touch only meters resolved here at construction: an adder increment, no map lookup, no lock. Meters
 * tagged by a value known only later (a close reason, a failure cause) are looked up once per session
 * event, never per stanza. Gauges over live sessions are computed when scraped.
 */
public final class PorticoMetrics implements SessionEvents, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger openWebSocket = new AtomicInteger();
    private final AtomicInteger openBosh = new AtomicInteger();
    private final Counter openedWebSocket;
    private final Counter openedBosh;
    private final Counter stanzasToServer;
    private final Counter stanzasToClient;
    private final Counter bytesToServer;
    private final Counter bytesToClient;
    private final Timer upstreamOpen;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * @param sessions live sessions (failed and stream-error counts, queued bytes)
     * @param bosh     BOSH's held requests and own queues, read when scraped
     * @param threads  the server's thread pool
     */
    public PorticoMetrics(SessionRegistry sessions, Supplier<BoshStats> bosh, ThreadPool threads) {
        openedWebSocket = opened("websocket");
        openedBosh = opened("bosh");
        Gauge.builder("portico.sessions.active", openWebSocket, AtomicInteger::get)
            .description("Client sessions currently open, by transport.").tag("transport", "websocket").register(registry);
        Gauge.builder("portico.sessions.active", openBosh, AtomicInteger::get)
            .description("Client sessions currently open, by transport.").tag("transport", "bosh").register(registry);
        FunctionCounter.builder("portico.sessions.failed", sessions, SessionRegistry::failedTotal)
            .description("Client sessions that ended with a stream error.").register(registry);
        for (StreamErrorCondition condition : StreamErrorCondition.values()) {
            FunctionCounter.builder("portico.stream.errors", sessions, s -> s.errorCount(condition))
                .description("Stream errors that ended sessions, by RFC 6120 condition.")
                .tag("condition", condition.wireName()).register(registry);
        }
        stanzasToServer = stanzas("to_server");
        stanzasToClient = stanzas("to_client");
        bytesToServer = bytes("to_server");
        bytesToClient = bytes("to_client");
        upstreamOpen = Timer.builder("portico.upstream.open")
            .description("Time from a browser's stream open to the server's stream being usable (TCP, TLS, header).")
            .register(registry);
        Gauge.builder("portico.queued.bytes", sessions, s -> queued(s, true)).baseUnit("bytes")
            .description("Bytes accepted and not yet delivered, summed over sessions, by direction.")
            .tag("direction", "to_server").register(registry);
        Gauge.builder("portico.queued.bytes", sessions, s -> queued(s, false)).baseUnit("bytes")
            .description("Bytes accepted and not yet delivered, summed over sessions, by direction.")
            .tag("direction", "to_client").register(registry);
        Gauge.builder("portico.bosh.held.requests", bosh, b -> b.get().heldRequests())
            .description("BOSH requests held open now.").register(registry);
        Gauge.builder("portico.bosh.queued.bytes", bosh, b -> b.get().queuedFromClient()).baseUnit("bytes")
            .description("Bytes from browsers waiting in BOSH sessions' own buffers.").tag("direction", "to_server").register(registry);

        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new JettyServerThreadPoolMetrics(threads, java.util.List.of()).bindTo(registry);
    }

    /** The current values in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Total stanzas relayed both ways since start (the status page's rate chart). */
    public long stanzasTotal() {
        return (long) (stanzasToServer.count() + stanzasToClient.count());
    }

    @Override
    public void opened(ClientSession session) {
        if ("bosh".equals(session.transport())) {
            openBosh.incrementAndGet();
            openedBosh.increment();
        } else {
            openWebSocket.incrementAndGet();
            openedWebSocket.increment();
        }
    }

    @Override
    public void ended(ClientSession session, String reason) {
        ("bosh".equals(session.transport()) ? openBosh : openWebSocket).decrementAndGet();
        Counter.builder("portico.sessions.closed").description("Client sessions that ended, by reason.")
            .tag("reason", reason).register(registry).increment();
    }

    @Override
    public void toServer(int bytes) {
        stanzasToServer.increment();
        bytesToServer.increment(bytes);
    }

    @Override
    public void toClient(int bytes) {
        stanzasToClient.increment();
        bytesToClient.increment(bytes);
    }

    @Override
    public void upstreamOpened(String domain, long nanos) {
        upstreamOpen.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void upstreamFailed(String domain, String cause) {
        Counter.builder("portico.upstream.failures").description("Upstream streams that could not be opened, by cause.")
            .tag("cause", cause).register(registry).increment();
    }

    @Override
    public void tls(String domain, String outcome) {
        Counter.builder("portico.upstream.tls").description("How TLS with the XMPP server turned out, by outcome.")
            .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private Counter opened(String transport) {
        return Counter.builder("portico.sessions.opened").description("Client sessions admitted since start, by transport.")
            .tag("transport", transport).register(registry);
    }

    private Counter stanzas(String direction) {
        return Counter.builder("portico.stanzas").description("Stanzas relayed, by direction.")
            .tag("direction", direction).register(registry);
    }

    private Counter bytes(String direction) {
        return Counter.builder("portico.stanza.bytes").baseUnit("bytes").description("Stanza bytes relayed, by direction.")
            .tag("direction", direction).register(registry);
    }

    private static double queued(SessionRegistry sessions, boolean toServer) {
        long sum = 0;
        for (ClientSession s : sessions.snapshot()) {
            sum += toServer ? s.queuedUpstreamBytes() : s.queuedDownstreamBytes();
        }
        return sum;
    }
}
