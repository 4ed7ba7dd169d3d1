package dev.portico.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import dev.portico.testing.ProsodyServer;

/**
 * The benchmark's entry point (run it with {@code bench/run.sh}): one Prosody on loopback, one Portico
 * in a child JVM in front of it, and five routes to Prosody — direct TCP, Prosody's own WebSocket and
 * BOSH, Portico's WebSocket and BOSH. Measures fixed-rate sparse traffic ({@link RateBench}, the main
 * figure), saturation throughput ({@link PingPong}) and the idle footprint ({@link IdleFootprint}), and
 * writes a markdown report with charts and, if asked, JFR profile summaries.
 */
public final class Bench {
    static final String DOMAIN = "localhost";
    static final List<String> PORTICO_JVM = List.of("-Xmx1g", "-XX:+UseG1GC");

    private Bench() {
    }

    /** Runs every scenario; arguments are {@code key=value} options, see {@link BenchOptions}. */
    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        Report.Run run = new Report.Run(options, MachineInfo.gather(), Instant.now(), loadAverage());
        long t0 = System.nanoTime();
        Path resultDir = options.out().toAbsolutePath().getParent();
        Files.createDirectories(resultDir);
        Path work = Files.createTempDirectory("portico-bench");
        List<String> users = IntStream.range(0, options.usersNeeded()).mapToObj(i -> "u" + i).toList();
        log("starting Prosody with " + users.size() + " users");
        try (ProsodyServer prosody = ProsodyServer.builder()
            .domain(DOMAIN)
            .users(users.toArray(String[]::new))
            .requireEncryption(false)
            // Many simultaneous connects; cheaper hashing keeps thousands of logins quick (only login is affected).
            // Prosody's own BOSH: let the client hold as the XEP allows, and keep idle sessions long enough.
            .extraConfig("network_settings = { shutdown_deadline = 0.5; tcp_backlog = 4096 }")
            .extraConfig("default_iteration_count = 1000")
            .extraConfig("bosh_max_inactivity = 120")
            .extraConfig("bosh_max_wait = 120")
            .start()) {
            List<Route> routes = new ArrayList<>();
            try (PorticoProcess portico = PorticoProcess.start(work.resolve("portico"), DOMAIN, prosody.c2sPort(),
                PORTICO_JVM)) {
                Meters meters = new Meters(prosody.pid(), portico);
                run.porticoThreadsIdle = meters.read().porticoThreads();
                List<String> routeUsers = users.subList(0, options.routeSessions());
                if (options.routes().contains("tcp")) {
                    addRoute(run, routes, Endpoint.tcp("direct TCP", prosody.c2sPort()), false, routeUsers, prosody,
                        "tcp");
                }
                if (options.routes().contains("pws")) {
                    addRoute(run, routes, Endpoint.webSocket("Prosody WebSocket", URI.create(prosody.webSocketUri())),
                        false, routeUsers, prosody, "pws");
                }
                if (options.routes().contains("pbosh")) {
                    addRoute(run, routes, Endpoint.bosh("Prosody BOSH", URI.create(prosody.boshUri()),
                        options.boshWait()), false, routeUsers, prosody, "pbosh");
                }
                if (options.routes().contains("ws")) {
                    addRoute(run, routes, Endpoint.webSocket("Portico WebSocket", portico.webSocketUri()), true,
                        routeUsers, prosody, "ws");
                }
                if (options.routes().contains("bosh")) {
                    addRoute(run, routes, Endpoint.bosh("Portico BOSH", portico.boshUri(), options.boshWait()), true,
                        routeUsers, prosody, "bosh");
                }
                run.porticoThreadsLoggedIn = meters.read().porticoThreads();
                RateBench rate = new RateBench(options, meters);
                if (options.scenarios().contains("rate")) {
                    rate.run(routes);
                }
                if (options.profile() && options.scenarios().contains("rate")) {
                    rate.profile(routes, portico, resultDir);
                    for (Route r : routes) {
                        Path jfr = resultDir.resolve(RateBench.profileFile(r));
                        if (Files.exists(jfr)) {
                            run.profiles.put(r.name(), JfrSummary.render(jfr));
                        }
                    }
                }
                if (options.scenarios().contains("saturation")) {
                    saturation(options, routes, meters);
                }
                run.porticoThreadsAfterLoad = meters.read().porticoThreads();
                closeAll(routes); // before Portico stops, or its system-shutdown would count as broken sessions
            } finally {
                closeAll(routes);
            }
            run.routes = routes;
            try (PorticoProcess portico = PorticoProcess.start(work.resolve("portico-idle"), DOMAIN, prosody.c2sPort(),
                PORTICO_JVM)) {
                for (String transport : options.scenarios().contains("idle") ? List.of("WebSocket", "BOSH")
                    : List.<String>of()) {
                    Endpoint endpoint = transport.equals("BOSH")
                        ? Endpoint.bosh("idle BOSH", portico.boshUri(), options.boshWait())
                        : Endpoint.webSocket("idle WebSocket", portico.webSocketUri());
                    try {
                        run.footprints.add(IdleFootprint.measure(transport, endpoint, portico, prosody.pid(),
                            options.idleSteps(), users, DOMAIN, prosody.password(), options.loginParallel()));
                    } catch (Exception e) {
                        log(transport + " idle footprint failed: " + e);
                        run.failedRoutes.put("idle " + transport, String.valueOf(e.getCause() == null ? e : e.getCause()));
                        portico.awaitNoSessions(60);
                    }
                }
            }
        }
        run.seconds = (System.nanoTime() - t0) / 1e9;
        run.loadAtEnd = loadAverage();
        String report = Report.render(run, Charts.write(run, resultDir));
        Files.writeString(options.out(), report, StandardCharsets.UTF_8);
        System.out.println(report);
        log("wrote " + options.out().toAbsolutePath());
        System.exit(0);
    }

    /** Logs a route's sessions in; a route whose logins fail is reported as failed and left out. */
    private static void addRoute(Report.Run run, List<Route> routes, Endpoint endpoint, boolean viaPortico,
                                 List<String> users, ProsodyServer prosody, String resource) throws Exception {
        log(endpoint.name() + ": logging in " + users.size() + " sessions");
        try {
            Route r = Route.open(endpoint, viaPortico, users, DOMAIN, prosody.password(), resource,
                run.options.loginParallel());
            log(endpoint.name() + String.format(": logged in in %.1f s", r.loginSeconds()));
            routes.add(r);
        } catch (Exception e) {
            log(endpoint.name() + ": login failed, route left out: " + e);
            run.failedRoutes.put(endpoint.name(), String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
    }

    private static void saturation(BenchOptions options, List<Route> routes, Meters meters) throws Exception {
        for (int round = 0; round < options.rounds(); round++) {
            List<Route> order = new ArrayList<>(routes);
            Collections.rotate(order, -round);
            for (Route r : order) {
                PingPong.Outcome o = PingPong.fixedDuration(r.links().subList(0, options.satSessions()),
                    options.satWindow(), Duration.ofSeconds(options.satWarmup()), Duration.ofSeconds(options.satSeconds()),
                    meters);
                r.throughput().add(o);
                log(String.format("saturation round %d/%d %s: %.0f messages/s", round + 1, options.rounds(), r.name(),
                    o.messagesPerSecond()));
            }
        }
    }

    private static void closeAll(List<Route> routes) throws Exception {
        for (Route r : routes) {
            r.close();
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    static void log(String message) {
        System.err.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
