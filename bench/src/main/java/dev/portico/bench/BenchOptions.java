package dev.portico.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Knobs of one benchmark run, from {@code key=value} arguments; the defaults keep the whole run under
 * about five minutes on two cores. {@code quick=true} shrinks everything for a smoke test.
 *
 * @param rounds         measuring rounds; every round measures every route back to back, in rotated order
 * @param singleWarmup   unrecorded round trips of the single (unloaded) pair
 * @param singleCount    recorded round trips of the single pair (per round, as are the next counts)
 * @param pairs          concurrent pairs in the loaded latency run
 * @param pairWarmup     unrecorded round trips per pair in the loaded latency run
 * @param pairCount      recorded round trips per pair in the loaded latency run
 * @param sessions       sessions (pairs × 2) in the throughput run
 * @param window         messages each throughput pair keeps in flight
 * @param warmup         throughput warm-up
 * @param measure        throughput measuring time
 * @param idleSessions   idle WebSocket sessions held through Portico for the footprint
 * @param loginParallel  logins in flight at once
 * @param upstreamTls    also run Portico with STARTTLS to Prosody (production's setting)
 * @param out            where the markdown report goes
 */
public record BenchOptions(int rounds, int singleWarmup, int singleCount, int pairs, int pairWarmup, int pairCount, int sessions,
                           int window, Duration warmup, Duration measure, int idleSessions, int loginParallel,
                           boolean upstreamTls, Path out) {

    /** Parses {@code key=value} arguments; unknown keys are an error. */
    public static BenchOptions parse(String... args) {
        Map<String, String> m = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        boolean quick = Boolean.parseBoolean(m.remove("quick"));
        BenchOptions o = new BenchOptions(
            integer(m, "rounds", quick ? 2 : 3),
            integer(m, "singleWarmup", quick ? 100 : 300),
            integer(m, "singleCount", quick ? 300 : 1000),
            integer(m, "pairs", quick ? 10 : 50),
            integer(m, "pairWarmup", quick ? 20 : 40),
            integer(m, "pairCount", quick ? 50 : 100),
            integer(m, "sessions", quick ? 40 : 200),
            integer(m, "window", 2),
            Duration.ofSeconds(integer(m, "warmupSeconds", quick ? 1 : 2)),
            Duration.ofSeconds(integer(m, "seconds", quick ? 2 : 5)),
            integer(m, "idleSessions", quick ? 100 : 1000),
            integer(m, "loginParallel", 16),
            Boolean.parseBoolean(m.getOrDefault("upstreamTls", "true")),
            Path.of(m.getOrDefault("out", "bench/results/latest.md")));
        m.remove("upstreamTls");
        m.remove("out");
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + m.keySet());
        }
        if (o.sessions < 2 * o.pairs || o.pairs < 1 || o.rounds < 1) {
            throw new IllegalArgumentException("need rounds >= 1, pairs >= 1 and sessions >= 2 * pairs");
        }
        return o;
    }

    /** How many users Prosody must have. */
    public int usersNeeded() {
        return Math.max(sessions, idleSessions);
    }

    private static int integer(Map<String, String> m, String key, int fallback) {
        String v = m.remove(key);
        return v == null ? fallback : Integer.parseInt(v.strip());
    }
}
