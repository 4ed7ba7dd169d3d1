package dev.portico.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Knobs of one benchmark run, from {@code key=value} arguments. {@code quick=true} shrinks everything
 * for a smoke test of a few minutes; the defaults are the full run (about half an hour on two cores).
 *
 * @param rounds         warm rounds of the fixed-rate scenario (and of saturation)
 * @param rates          total message rates of the fixed-rate scenario, msg/s
 * @param pairCounts     pair counts of the fixed-rate scenario; the first is also used for cold and warm-up
 * @param mainRate       the rate of the cold window, the warm-up, the profile and the targets
 * @param windowSeconds  measured window per (route, pairs, rate, round)
 * @param settleSeconds  unmeasured traffic at the window's rate just before it
 * @param warmupSeconds  warm-up per route at {@code mainRate} after the cold window
 * @param satSessions    sessions (pairs × 2) of the saturation run
 * @param satWindow      messages each saturation pair keeps in flight
 * @param satWarmup      saturation warm-up per round, seconds
 * @param satSeconds     saturation measuring time per round, seconds
 * @param idleSteps      idle sessions per transport at each footprint step (cumulative)
 * @param loginParallel  logins in flight at once
 * @param boshWait       BOSH {@code wait} the clients ask for, seconds
 * @param profile        record a JFR profile of Portico during one extra window per Portico route
 * @param routes         route keys to measure: {@code tcp, pws, pbosh, ws, bosh} (all by default)
 * @param scenarios      scenarios to run: {@code rate, saturation, idle} (all by default)
 * @param out            where the markdown report goes (charts and profiles go beside it)
 */
public record BenchOptions(int rounds, List<Integer> rates, List<Integer> pairCounts, int mainRate, int windowSeconds,
                           int settleSeconds, int warmupSeconds, int satSessions, int satWindow, int satWarmup,
                           int satSeconds, List<Integer> idleSteps, int loginParallel, int boshWait, boolean profile,
                           List<String> routes, List<String> scenarios, Path out) {

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
            integer(m, "rounds", quick ? 1 : 3),
            integers(m, "rates", quick ? "100,1000" : "100,1000,5000"),
            integers(m, "pairs", quick ? "50" : "50,500"),
            integer(m, "mainRate", 1000),
            integer(m, "windowSeconds", quick ? 4 : 10),
            integer(m, "settleSeconds", quick ? 1 : 2),
            integer(m, "warmupSeconds", quick ? 5 : 30),
            integer(m, "satSessions", quick ? 40 : 200),
            integer(m, "satWindow", 2),
            integer(m, "satWarmup", quick ? 1 : 2),
            integer(m, "satSeconds", quick ? 3 : 5),
            integers(m, "idleSteps", quick ? "100,300,600" : "1000,4000,8000"),
            integer(m, "loginParallel", 16),
            integer(m, "boshWait", 60),
            Boolean.parseBoolean(m.getOrDefault("profile", "true")),
            List.of(m.getOrDefault("routes", "tcp,pws,pbosh,ws,bosh").split(",")),
            List.of(m.getOrDefault("scenarios", "rate,saturation,idle").split(",")),
            Path.of(m.getOrDefault("out", "bench/results/latest.md")));
        m.remove("profile");
        m.remove("routes");
        m.remove("scenarios");
        m.remove("out");
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + m.keySet());
        }
        if (o.rounds < 1 || o.pairCounts.isEmpty() || o.rates.isEmpty() || o.satSessions < 2) {
            throw new IllegalArgumentException("need rounds >= 1, some pairs and rates, satSessions >= 2");
        }
        return o;
    }

    /** Sessions each traffic route logs in. */
    public int routeSessions() {
        return Math.max(2 * pairCounts.stream().mapToInt(Integer::intValue).max().orElse(1), satSessions);
    }

    /** How many users Prosody must have. */
    public int usersNeeded() {
        return Math.max(routeSessions(), idleSteps.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    private static int integer(Map<String, String> m, String key, int fallback) {
        String v = m.remove(key);
        return v == null ? fallback : Integer.parseInt(v.strip());
    }

    private static List<Integer> integers(Map<String, String> m, String key, String fallback) {
        String v = m.remove(key);
        return Arrays.stream((v == null ? fallback : v).split(",")).map(String::strip).map(Integer::valueOf).toList();
    }
}
