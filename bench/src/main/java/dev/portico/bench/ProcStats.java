package dev.portico.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux reports about a process in {@code /proc/PID}: CPU time, resident memory, threads and open
 * file descriptors. Works for any child (Prosody, the Portico JVM) without its cooperation.
 */
public final class ProcStats {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private ProcStats() {
    }

    /** One reading; -1 where unknown. */
    public record Reading(long cpuNanos, long rssBytes, int threads, int fds) {
    }

    /** Reads everything at once; a missing process gives -1 everywhere. */
    public static Reading read(long pid) {
        return new Reading(cpuNanos(pid), statusValue(pid, "VmRSS:") * 1024, (int) statusValue(pid, "Threads:"),
            fds(pid));
    }

    /** utime + stime from {@code /proc/PID/stat}, in nanoseconds (10 ms resolution). */
    public static long cpuNanos(long pid) {
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

    /** Open file descriptors (sockets included). */
    public static int fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long statusValue(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }
}
