package dev.portico.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of Portico for the report: where CPU samples land (the top frame, and the
 * first Portico frame on the stack, which says which of our calls led there) and where allocation goes
 * (by sampled weight: allocating frame, first Portico frame, object class).
 */
final class JfrSummary {
    private static final int TOP = 12;

    private JfrSummary() {
    }

    /** Markdown tables for one recording. */
    static String render(Path file) throws IOException {
        Map<String, Long> cpuTop = new HashMap<>();
        Map<String, Long> cpuOurs = new HashMap<>();
        Map<String, Long> allocTop = new HashMap<>();
        Map<String, Long> allocOurs = new HashMap<>();
        Map<String, Long> allocClass = new HashMap<>();
        Map<String, Long> nativeTop = new HashMap<>();
        long samples = 0;
        long nativeSamples = 0;
        long allocated = 0;
        long gcPauseNanos = 0;
        long compileNanos = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            RecordedThread thread = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
            if (thread != null && "main".equals(thread.getJavaName())) {
                continue; // the benchmark's command thread in the child (JFR dumps, stats), not Portico
            }
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                count(cpuTop, e.getStackTrace(), JfrSummary::topFrame, 1);
                count(cpuOurs, e.getStackTrace(), JfrSummary::firstPorticoFrame, 1);
            } else if (type.equals("jdk.NativeMethodSample")) {
                nativeSamples++;
                count(nativeTop, e.getStackTrace(), JfrSummary::firstPorticoFrame, 1);
            } else if (type.equals("jdk.GCPhasePause")) {
                gcPauseNanos += e.getDuration().toNanos();
            } else if (type.equals("jdk.Compilation")) {
                compileNanos += e.getDuration().toNanos();
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = e.getLong("weight");
                allocated += weight;
                count(allocTop, e.getStackTrace(), JfrSummary::topFrame, weight);
                count(allocOurs, e.getStackTrace(), JfrSummary::firstPorticoFrame, weight);
                allocClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("CPU: ").append(samples).append(" execution samples; allocation: ")
            .append(String.format("%.1f MiB", allocated / 1048576.0)).append(" sampled weight; ").append(nativeSamples)
            .append(" samples of threads in native code (I/O waits included); GC pauses ")
            .append(String.format("%.0f ms", gcPauseNanos / 1e6)).append(", JIT compilations ")
            .append(String.format("%.0f ms", compileNanos / 1e6)).append(" (wall time, recording period).\n\n");
        table(md, "CPU samples by top frame", cpuTop, samples, "samples");
        table(md, "CPU samples by first Portico frame on the stack", cpuOurs, samples, "samples");
        table(md, "Native-code samples by first Portico frame on the stack", nativeTop, nativeSamples, "samples");
        table(md, "Allocation by allocating frame", allocTop, allocated, "MiB");
        table(md, "Allocation by first Portico frame on the stack", allocOurs, allocated, "MiB");
        table(md, "Allocation by class", allocClass, allocated, "MiB");
        return md.toString();
    }

    private static void count(Map<String, Long> into, RecordedStackTrace stack, Function<List<RecordedFrame>, String> key,
                              long weight) {
        if (stack != null) {
            into.merge(key.apply(stack.getFrames()), weight, Long::sum);
        }
    }

    private static String topFrame(List<RecordedFrame> frames) {
        return frames.isEmpty() ? "(no frame)" : name(frames.get(0));
    }

    private static String firstPorticoFrame(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod() == null ? "" : f.getMethod().getType().getName();
            if (type.startsWith("dev.portico.") && !type.startsWith("dev.portico.bench.")) {
                return name(f);
            }
        }
        return "(no Portico frame: Jetty/JDK only)";
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + " (" + type + ")";
    }

    private static void table(StringBuilder md, String title, Map<String, Long> counts, long total, String unit) {
        md.append("**").append(title).append("**\n\n| frame | ").append(unit).append(" | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
            .forEach(en -> md.append("| `").append(en.getKey()).append("` | ")
                .append(unit.equals("MiB") ? String.format("%.1f", en.getValue() / 1048576.0) : en.getValue().toString())
                .append(" | ").append(String.format("%.1f %%", 100.0 * en.getValue() / Math.max(1, total))).append(" |\n"));
        md.append('\n');
    }
}
