package dev.portico.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The main figure: sparse chat traffic at fixed total rates over N pairs ({@link OpenLoop}), on every
 * route, in interleaved rounds. First one <em>cold</em> window per route right after login, then a
 * warm-up per route, then the rounds: every round measures every (pairs, rate) on every route, the
 * routes' order rotated from round to round so that a slow moment of the machine hits all of them.
 */
final class RateBench {
    private static final long DRAIN_MILLIS = 20_000;
    private static final int JIT_STEP_SECONDS = 10;
    private static final int JIT_MAX_STEPS = 18;

    private final BenchOptions options;
    private final Meters meters;

    RateBench(BenchOptions options, Meters meters) {
        this.options = options;
        this.meters = meters;
    }

    /** Measures every route; the windows land in each route's {@link Route#windows()}. */
    void run(List<Route> routes) throws Exception {
        int coldPairs = options.pairCounts().get(0);
        for (Route r : routes) {
            Bench.log(r.name() + ": cold window, " + coldPairs + " pairs at " + options.mainRate() + " msg/s");
            r.windows().add(window(r, coldPairs, options.mainRate(), 0, 0));
        }
        for (Route r : routes) {
            warmUp(r, coldPairs);
        }
        for (int round = 1; round <= options.rounds(); round++) {
            for (int pairs : options.pairCounts()) {
                for (int rate : options.rates()) {
                    List<Route> order = new ArrayList<>(routes);
                    Collections.rotate(order, -(round - 1));
                    for (Route r : order) {
                        RateWindow w = window(r, pairs, rate, round, TimeUnit.SECONDS.toNanos(options.settleSeconds()));
                        r.windows().add(w);
                        Bench.log(String.format("round %d/%d %s: %d pairs %d msg/s: delivered %d, Portico %.0f µs/msg,"
                                + " Prosody %.0f µs/msg, p50 %.2f ms, lost %d, broken %d%s", round, options.rounds(),
                            r.name(), pairs, rate, w.delivered(), w.porticoCpuMicros(), w.prosodyCpuMicros(),
                            w.latencyMillis(50), w.lost(), w.broken(),
                            w.broken() > 0 ? " (first: " + r.firstBreak() + ")" : ""));
                    }
                }
            }
        }
    }

    /**
     * Runs the route at the main rate for {@code warmupSeconds}, and through Portico then on, in steps of
     * {@link #JIT_STEP_SECONDS}, until a step in which Portico's JIT compilers spent at most 1 % of it (at
     * most {@link #JIT_MAX_STEPS} more steps). At sparse rates the JVM's hot methods reach their final,
     * optimised form only after minutes, and the compilations' CPU is Portico's: a fixed warm-up would
     * count that one-time cost into every "warm" window.
     */
    private void warmUp(Route r, int pairs) throws Exception {
        Bench.log(r.name() + ": warm-up " + options.warmupSeconds() + " s at " + options.mainRate() + " msg/s");
        OpenLoop loop = new OpenLoop(r.links().subList(0, 2 * pairs));
        loop.run(options.mainRate(), TimeUnit.SECONDS.toNanos(options.warmupSeconds()));
        if (r.viaPortico()) {
            for (int step = 0; step < JIT_MAX_STEPS; step++) {
                long before = meters.read().porticoJitMillis();
                loop.run(options.mainRate(), TimeUnit.SECONDS.toNanos(JIT_STEP_SECONDS));
                long jit = meters.read().porticoJitMillis() - before;
                Bench.log(r.name() + ": JIT compiled for " + jit + " ms in the last " + JIT_STEP_SECONDS + " s of warm-up");
                if (before < 0 || jit * 100 <= JIT_STEP_SECONDS * 1000L) {
                    break;
                }
            }
        }
        loop.drain(DRAIN_MILLIS);
    }

    /** One profiled window per Portico route (JFR in the child), written to {@code dir/jfr-KEY.jfr}. */
    void profile(List<Route> routes, PorticoProcess portico, java.nio.file.Path dir) throws Exception {
        int pairs = options.pairCounts().get(0);
        for (Route r : routes) {
            if (!r.viaPortico()) {
                continue;
            }
            Bench.log(r.name() + ": JFR profile, " + pairs + " pairs at " + options.mainRate() + " msg/s");
            portico.startProfile();
            window(r, pairs, options.mainRate(), -1, 0);
            portico.stopProfile(dir.resolve(profileFile(r)));
        }
    }

    /** The JFR file name of a route's profile. */
    static String profileFile(Route r) {
        return "jfr-" + r.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".jfr";
    }

    private RateWindow window(Route r, int pairs, int rate, int round, long settleNanos) throws Exception {
        OpenLoop loop = new OpenLoop(r.links().subList(0, 2 * pairs));
        if (settleNanos > 0) {
            loop.run(rate, settleNanos);
        }
        long windowNanos = TimeUnit.SECONDS.toNanos(options.windowSeconds());
        Meters.Usage before = meters.read();
        long receivedBefore = loop.received();
        long start = System.nanoTime();
        loop.recordBetween(start, start + windowNanos);
        loop.run(rate, windowNanos);
        long delivered = loop.received() - receivedBefore;
        long elapsed = System.nanoTime() - start;
        Meters.Usage spent = meters.read().minus(before);
        if (!loop.drain(DRAIN_MILLIS)) {
            meters.awaitQuiet(); // an overloaded window leaves a backlog in the servers: keep it out of the next one
        }
        Histogram latency = loop.takeLatency();
        long sent = loop.sent();
        long received = loop.received();
        return new RateWindow(pairs, rate, round, delivered, elapsed / 1e9, spent, latency,
            Math.max(0, sent - received), Math.max(0, received - sent), r.broken());
    }
}
