package dev.portico.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Idle footprint: logs idle sessions in through one Portico transport in steps (e.g. 1k, 4k, 8k), and
 * after each step reads Portico's heap after GC, RSS, threads and descriptors, and Prosody's RSS; the
 * per-session cost is the slope between the first and the last step, so fixed costs drop out, and the
 * middle step shows whether growth is linear. Logins are timed, and both processes' CPU per login read.
 * BOSH sessions each keep one request held, as a browser's would. Before the steps, as many sessions as
 * the first step logs in and out once on the fresh Portico (its JIT warm-up: most of a cold login's CPU
 * is compilation), so the steps' login CPU is a warm figure; the warm-up's own is reported as the cold one.
 */
final class IdleFootprint {
    private IdleFootprint() {
    }

    /** Readings with {@code sessions} sessions open. */
    record Step(int sessions, long porticoHeap, ProcStats.Reading portico, ProcStats.Reading prosody,
                double loginSeconds, long porticoLoginCpu, long prosodyLoginCpu, int logins) {
    }

    /** Everything measured for one transport. */
    record Outcome(String transport, Step warmup, Step none, List<Step> steps, Step closed, int broken) {
        Step first() {
            return steps.get(0);
        }

        Step last() {
            return steps.get(steps.size() - 1);
        }

        private double slope(long a, long b) {
            return (double) (b - a) / Math.max(1, last().sessions() - first().sessions());
        }

        double heapPerSession() {
            return slope(first().porticoHeap(), last().porticoHeap());
        }

        double porticoRssPerSession() {
            return slope(first().portico().rssBytes(), last().portico().rssBytes());
        }

        double prosodyRssPerSession() {
            return slope(first().prosody().rssBytes(), last().prosody().rssBytes());
        }

        /** Portico CPU per login over all steps, ms. */
        double porticoCpuPerLoginMillis() {
            return steps.stream().mapToLong(Step::porticoLoginCpu).sum() / 1e6
                / Math.max(1, steps.stream().mapToInt(Step::logins).sum());
        }

        double prosodyCpuPerLoginMillis() {
            return steps.stream().mapToLong(Step::prosodyLoginCpu).sum() / 1e6
                / Math.max(1, steps.stream().mapToInt(Step::logins).sum());
        }

        double loginsPerSecond() {
            return steps.stream().mapToInt(Step::logins).sum()
                / Math.max(1e-9, steps.stream().mapToDouble(Step::loginSeconds).sum());
        }
    }

    /** Measures one transport; every session is closed again at the end. */
    static Outcome measure(String transport, Endpoint endpoint, PorticoProcess portico, long prosodyPid,
                           List<Integer> steps, List<String> users, String domain, String password, int parallel)
        throws Exception {
        List<XmppLink> links = new ArrayList<>();
        try {
            Step warmup = warmUp(transport, endpoint, portico, prosodyPid, users.subList(0, steps.get(0)), domain,
                password, parallel);
            Step none = step(0, portico, prosodyPid, 0, 0, 0, 0);
            List<Step> out = new ArrayList<>();
            for (int target : steps) {
                Bench.log(transport + " idle: logging in up to " + target + " sessions");
                long portico0 = ProcStats.cpuNanos(portico.pid());
                long prosody0 = ProcStats.cpuNanos(prosodyPid);
                long t0 = System.nanoTime();
                int before = links.size();
                links.addAll(Logins.loginAll(endpoint, users.subList(before, target), domain, password,
                    "idle" + transport.toLowerCase(java.util.Locale.ROOT), parallel));
                double seconds = (System.nanoTime() - t0) / 1e9;
                long porticoCpu = ProcStats.cpuNanos(portico.pid()) - portico0;
                long prosodyCpu = ProcStats.cpuNanos(prosodyPid) - prosody0;
                Thread.sleep(2_000); // let the held requests and the login burst settle
                out.add(step(target, portico, prosodyPid, seconds, porticoCpu, prosodyCpu, target - before));
            }
            int broken = (int) links.stream().filter(XmppLink::broken).count();
            Logins.closeAll(links);
            links.clear();
            portico.awaitNoSessions(60);
            Thread.sleep(2_000);
            return new Outcome(transport, warmup, none, out, step(0, portico, prosodyPid, 0, 0, 0, 0), broken);
        } finally {
            Logins.closeAll(links);
            endpoint.close();
        }
    }

    /** Logs {@code users} in and out again, timed (a cold JVM's logins); nothing stays open. */
    private static Step warmUp(String transport, Endpoint endpoint, PorticoProcess portico, long prosodyPid,
                               List<String> users, String domain, String password, int parallel) throws Exception {
        Bench.log(transport + " idle: " + users.size() + " warm-up logins, closed again");
        int fds0 = ProcStats.read(portico.pid()).fds();
        long portico0 = ProcStats.cpuNanos(portico.pid());
        long prosody0 = ProcStats.cpuNanos(prosodyPid);
        long t0 = System.nanoTime();
        List<XmppLink> links = Logins.loginAll(endpoint, users, domain, password,
            "warm" + transport.toLowerCase(java.util.Locale.ROOT), parallel);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long porticoCpu = ProcStats.cpuNanos(portico.pid()) - portico0;
        long prosodyCpu = ProcStats.cpuNanos(prosodyPid) - prosody0;
        Logins.closeAll(links);
        portico.awaitNoSessions(60);
        // The BOSH client keeps idle HTTP connections for 15 s: let them go, or the first step would reuse
        // them and its connections would not count in the slope.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (ProcStats.read(portico.pid()).fds() > fds0 + 8 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Thread.sleep(2_000);
        return new Step(users.size(), 0, ProcStats.read(portico.pid()), ProcStats.read(prosodyPid), seconds,
            porticoCpu, prosodyCpu, users.size());
    }

    private static Step step(int sessions, PorticoProcess portico, long prosodyPid, double seconds, long porticoCpu,
                             long prosodyCpu, int logins) throws Exception {
        long heap = portico.heapAfterGc();
        return new Step(sessions, heap, ProcStats.read(portico.pid()), ProcStats.read(prosodyPid), seconds,
            porticoCpu, prosodyCpu, logins);
    }
}
