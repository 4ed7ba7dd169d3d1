package dev.portico.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent by each party during a measurement: Prosody (its process), Portico (threads of this JVM
 * named {@code portico*}), the benchmark clients (threads named {@code bench-*} and {@code tcp-reader-*})
 * and the rest of this JVM (GC, JIT, Jetty client scheduler). CPU per message is far less noisy than
 * wall-clock numbers when everything shares two cores with other work.
 */
public final class CpuMeter {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private CpuMeter() {
    }

    /** Cumulative CPU nanoseconds at one instant (or spent in an interval); -1 where unknown. */
    public record Sample(long prosody, long portico, long clients, long process) {
        /** The CPU spent between {@code earlier} and this sample. */
        public Sample minus(Sample earlier) {
            return new Sample(diff(prosody, earlier.prosody), diff(portico, earlier.portico),
                diff(clients, earlier.clients), diff(process, earlier.process));
        }

        /** Adds another interval's CPU. */
        public Sample plus(Sample other) {
            return new Sample(sum(prosody, other.prosody), sum(portico, other.portico), sum(clients, other.clients),
                sum(process, other.process));
        }

        /** CPU of this JVM outside Portico's and the clients' threads: GC, JIT and the like. */
        public long rest() {
            return process < 0 ? -1 : Math.max(0, process - Math.max(0, portico) - Math.max(0, clients));
        }

        private static long sum(long a, long b) {
            return a < 0 || b < 0 ? -1 : a + b;
        }

        private static long diff(long a, long b) {
            return a < 0 || b < 0 ? -1 : a - b;
        }
    }

    /** Takes a sample; {@code prosodyPid} may be -1. */
    public static Sample sample(long prosodyPid) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return new Sample(processCpu(prosodyPid), -1, -1, ownProcessCpu());
        }
        long portico = 0;
        long clients = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            if (name.startsWith("portico")) {
                portico += cpu;
            } else if (name.startsWith("bench-") || name.startsWith("tcp-reader-")) {
                clients += cpu;
            }
        }
        return new Sample(processCpu(prosodyPid), portico, clients, ownProcessCpu());
    }

    private static long ownProcessCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** utime + stime of a Linux process, from {@code /proc/PID/stat}. */
    private static long processCpu(long pid) {
        if (pid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
