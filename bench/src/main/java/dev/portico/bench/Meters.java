package dev.portico.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Reads what each party spent: Prosody's and Portico's processes from {@code /proc}, the load generator
 * (this JVM) from its own process CPU, and Portico's allocation and thread count from its child JVM.
 * CPU per message is far less noisy than wall-clock numbers when everything shares two busy cores.
 */
final class Meters {
    private final long prosodyPid;
    private final PorticoProcess portico;

    /** @param portico the Portico child, or null when no Portico is running */
    Meters(long prosodyPid, PorticoProcess portico) {
        this.prosodyPid = prosodyPid;
        this.portico = portico;
    }

    /**
     * Cumulative counters at one instant, or spent over an interval; -1 where unknown.
     *
     * @param porticoThreads live threads of Portico's JVM at the (later) instant
     * @param porticoJitMillis time Portico's JIT compilers spent (their CPU is part of Portico's)
     */
    record Usage(long prosodyCpu, long porticoCpu, long loadgenCpu, long porticoAllocated, int porticoThreads,
                 long porticoJitMillis) {
        /** What was spent between {@code earlier} and this reading. */
        Usage minus(Usage earlier) {
            return new Usage(diff(prosodyCpu, earlier.prosodyCpu), diff(porticoCpu, earlier.porticoCpu),
                diff(loadgenCpu, earlier.loadgenCpu), diff(porticoAllocated, earlier.porticoAllocated), porticoThreads,
                diff(porticoJitMillis, earlier.porticoJitMillis));
        }

        /** Adds another interval's spending. */
        Usage plus(Usage other) {
            return new Usage(sum(prosodyCpu, other.prosodyCpu), sum(porticoCpu, other.porticoCpu),
                sum(loadgenCpu, other.loadgenCpu), sum(porticoAllocated, other.porticoAllocated),
                Math.max(porticoThreads, other.porticoThreads), sum(porticoJitMillis, other.porticoJitMillis));
        }

        private static long diff(long a, long b) {
            return a < 0 || b < 0 ? -1 : a - b;
        }

        private static long sum(long a, long b) {
            return a < 0 || b < 0 ? -1 : a + b;
        }
    }

    /** Reads every counter now. */
    Usage read() throws Exception {
        long porticoCpu = -1;
        long allocated = -1;
        int threads = -1;
        long jit = -1;
        if (portico != null) {
            PorticoProcess.Stats stats = portico.stats();
            allocated = stats.allocatedBytes();
            threads = stats.threads();
            jit = stats.compileMillis();
            porticoCpu = ProcStats.cpuNanos(portico.pid());
        }
        return new Usage(ProcStats.cpuNanos(prosodyPid), porticoCpu, ownCpu(), allocated, threads, jit);
    }

    /**
     * Waits (at most 30 s) until Prosody and Portico together use less than a fifth of a core over a
     * second, so that a backlog left by an overloaded window does not spill into the next one.
     */
    void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = busyCpu();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long now = busyCpu();
            if (now - last < 200_000_000L) {
                return;
            }
            last = now;
        }
    }

    private long busyCpu() {
        return Math.max(0, ProcStats.cpuNanos(prosodyPid)) + (portico == null ? 0 : Math.max(0, ProcStats.cpuNanos(portico.pid())));
    }

    private static long ownCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
