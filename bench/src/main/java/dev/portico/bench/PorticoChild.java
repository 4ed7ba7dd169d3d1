package dev.portico.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.sun.management.ThreadMXBean;
import dev.portico.config.CliOptions;
import dev.portico.server.PorticoServer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Child-process main: runs a production-configured Portico ({@code bin/portico}'s flags, e.g.
 * {@code --config FILE}) in a JVM of its own, so that {@code /proc/PID} separates its CPU, memory,
 * threads and descriptors from the load generator's. Answers one-line commands on stdin with one line
 * on stdout starting with {@code @@}:
 * <ul>
 * <li>{@code stats} → {@code @@STATS threads allocatedBytes sessions}: live threads, bytes allocated so
 *     far by the live threads ({@code ThreadMXBean.getThreadAllocatedBytes}), Portico's live sessions;</li>
 * <li>{@code gc} → {@code @@HEAP usedBytes} after a few full collections;</li>
 * <li>{@code jfr-start} / {@code jfr-stop FILE} → {@code @@OK}: a JFR recording with the {@code profile}
 *     settings, dumped to FILE;</li>
 * <li>{@code exit} (or end of input) stops Portico and the JVM.</li>
 * </ul>
 * The command thread is idle between commands, so it adds nothing to what is measured.
 */
public final class PorticoChild {
    private static int histograms;

    private PorticoChild() {
    }

    /** Starts Portico with {@code args} and serves commands until {@code exit}. */
    public static void main(String[] args) throws Exception {
        PorticoServer server = new PorticoServer(CliOptions.resolve(args)).start();
        System.out.println("Portico listening on " + server.baseUrl());
        System.out.flush();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        Recording recording = null;
        Recording leaks = oldObjectRecording();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            if (line.equals("stats")) {
                long allocated = 0;
                for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                    allocated += Math.max(0, a);
                }
                answer("STATS " + threads.getThreadCount() + " " + allocated + " " + server.sessions().size() + " "
                    + ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
            } else if (line.equals("gc")) {
                for (int i = 0; i < 4; i++) {
                    System.gc();
                    Thread.sleep(200);
                }
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                writeHistogram(server.sessions().size());
                if (leaks != null) {
                    leaks.dump(Path.of(System.getenv("BENCH_JFR_OLD_DIR"), "old-" + server.sessions().size() + ".jfr"));
                }
                answer("HEAP " + used);
            } else if (line.equals("jfr-start")) {
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.start();
                answer("OK");
            } else if (line.startsWith("jfr-stop ") && recording != null) {
                recording.dump(Path.of(line.substring(9)));
                recording.close();
                recording = null;
                answer("OK");
            } else {
                answer("ERROR unknown command " + line);
            }
        }
        server.close();
        System.exit(0);
    }

    /**
     * With {@code BENCH_HEAP_HISTO_DIR} set, the live-object class histogram after each {@code gc} goes to
     * {@code histo-<n>-<sessions>.txt} there ({@code n} counts the collections, so the steps of one transport
     * do not overwrite the other's): what an idle session's heap is made of, class by class.
     */
    private static void writeHistogram(long sessions) throws Exception {
        String dir = System.getenv("BENCH_HEAP_HISTO_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
            new Object[] {new String[0]}, new String[] {String[].class.getName()});
        java.nio.file.Files.writeString(Path.of(dir, "histo-" + (++histograms) + "-" + sessions + ".txt"), String.valueOf(text));
    }

    /**
     * With {@code BENCH_JFR_OLD_DIR} set: a JFR recording of old-object samples with their paths to the GC
     * roots, dumped there after each {@code gc} as {@code old-<sessions>.jfr} (who keeps an idle session's
     * memory alive: {@code jfr print --events OldObjectSample}).
     */
    private static Recording oldObjectRecording() {
        String dir = System.getenv("BENCH_JFR_OLD_DIR");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Recording r = new Recording();
        r.enable("jdk.OldObjectSample").withStackTrace().with("cutoff", "infinity");
        r.start();
        return r;
    }

    private static void answer(String line) {
        System.out.println("@@" + line);
        System.out.flush();
    }
}
