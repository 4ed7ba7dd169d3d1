package dev.portico.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;

/**
 * The benchmark's entry point: starts one Prosody on loopback, logs sessions in over every route (direct
 * TCP, Prosody's own WebSocket, Portico's WebSocket with and without upstream STARTTLS), measures latency
 * and throughput in interleaved rounds, then Portico's footprint per idle session, and writes a markdown
 * report (default {@code bench/results/latest.md}). Run it with {@code bench/run.sh}.
 */
public final class Bench {
    private static final String DOMAIN = "localhost";

    private final BenchOptions options;
    private final ProsodyServer prosody;
    private final List<String> users;

    private Bench(BenchOptions options, ProsodyServer prosody, List<String> users) {
        this.options = options;
        this.prosody = prosody;
        this.users = users;
    }

    /** Runs every scenario; arguments are {@code key=value} options, see {@link BenchOptions}. */
    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        String loadBefore = loadAverage();
        MachineInfo machine = MachineInfo.gather();
        List<String> users = IntStream.range(0, options.usersNeeded()).mapToObj(i -> "u" + i).toList();
        log("starting Prosody with " + users.size() + " users");
        try (ProsodyServer prosody = ProsodyServer.builder()
            .domain(DOMAIN)
            .users(users.toArray(String[]::new))
            .requireEncryption(false)
            // Many simultaneous connects; cheaper hashing keeps 1000 logins quick (it only affects login).
            // (Prosody warns about the duplicate network_settings; the later one wins.)
            .extraConfig("network_settings = { shutdown_deadline = 0.5; tcp_backlog = 4096 }")
            .extraConfig("default_iteration_count = 1000")
            .start()) {
            Bench bench = new Bench(options, prosody, users);
            List<Route> routes = bench.runRoutes();
            Map<String, Footprint.Outcome> footprints = bench.runFootprints();
            String load = loadBefore + " at start, " + loadAverage() + " at end";
            String report = Report.render(options, machine, started, (System.nanoTime() - t0) / 1e9, load, routes,
                footprints);
            if (options.out().getParent() != null) {
                Files.createDirectories(options.out().getParent());
            }
            Files.writeString(options.out(), report, StandardCharsets.UTF_8);
            System.out.println(report);
            log("wrote " + options.out().toAbsolutePath());
        }
        System.exit(0);
    }

    /** Opens every route, measures them round by round (rotating the order), and closes them again. */
    private List<Route> runRoutes() throws Exception {
        List<Route> routes = new ArrayList<>();
        try {
            routes.add(route(Endpoint.tcp("direct TCP", prosody.c2sPort()), null, "tcp"));
            routes.add(route(Endpoint.webSocket("Prosody WebSocket", URI.create(prosody.webSocketUri())), null, "pws"));
            PorticoTestServer plain = startPortico(TlsPolicy.DISABLED);
            routes.add(route(Endpoint.webSocket("Portico WebSocket", plain.webSocketUri()), plain, "portico"));
            if (options.upstreamTls()) {
                PorticoTestServer tls = startPortico(TlsPolicy.REQUIRED);
                routes.add(route(Endpoint.webSocket("Portico WebSocket + STARTTLS", tls.webSocketUri()), tls,
                    "porticotls"));
            }
            for (int round = 0; round < options.rounds(); round++) {
                List<Route> order = new ArrayList<>(routes);
                Collections.rotate(order, -round);
                measureRound(round, order);
            }
            return routes;
        } finally {
            for (Route route : routes) {
                route.close();
            }
        }
    }

    private Route route(Endpoint endpoint, PorticoTestServer portico, String resource) throws Exception {
        log(endpoint.name() + ": logging in " + options.sessions() + " sessions");
        return Route.open(endpoint, portico, users.subList(0, options.sessions()), DOMAIN, prosody.password(),
            resource, options.loginParallel());
    }

    private void measureRound(int round, List<Route> order) throws Exception {
        String tag = "round " + (round + 1) + "/" + options.rounds() + ": ";
        for (Route r : order) {
            log(tag + r.name() + ": latency, one pair");
            r.single().add(PingPong.fixedCount(r.links().subList(0, 2), options.singleWarmup(), options.singleCount()));
        }
        for (Route r : order) {
            log(tag + r.name() + ": latency, " + options.pairs() + " pairs");
            r.pairs().add(PingPong.fixedCount(r.links().subList(0, 2 * options.pairs()), options.pairWarmup(),
                options.pairCount()));
        }
        for (Route r : order) {
            log(tag + r.name() + ": throughput, " + r.links().size() + " sessions");
            PingPong.Outcome t = PingPong.fixedDuration(r.links(), options.window(), options.warmup(),
                options.measure(), prosody.pid());
            r.throughput().add(t);
            log(tag + r.name() + String.format(": %.0f messages/s", t.messagesPerSecond()));
        }
    }

    private Map<String, Footprint.Outcome> runFootprints() throws Exception {
        Map<String, Footprint.Outcome> out = new LinkedHashMap<>();
        List<TlsPolicy> policies = options.upstreamTls() ? List.of(TlsPolicy.DISABLED, TlsPolicy.REQUIRED)
            : List.of(TlsPolicy.DISABLED);
        for (TlsPolicy policy : policies) {
            try (PorticoTestServer portico = startPortico(policy)) {
                String label = policy == TlsPolicy.DISABLED ? "plain TCP" : "STARTTLS";
                log("footprint (" + label + "): " + options.idleSessions() + " idle sessions");
                out.put(label, Footprint.measure(portico.webSocketUri(), DOMAIN, prosody.password(),
                    users.subList(0, options.idleSessions()), options.loginParallel(),
                    () -> portico.server().sessions().size()));
            }
        }
        return out;
    }

    private PorticoTestServer startPortico(TlsPolicy policy) throws Exception {
        PorticoTestServer.Builder b = PorticoTestServer.builder(DOMAIN, prosody.c2sPort()).tls(policy);
        if (policy != TlsPolicy.DISABLED) {
            b.trustStore(prosody.trustStorePkcs12(), prosody.trustStorePassword());
        }
        return b.start();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private static void log(String message) {
        System.err.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
