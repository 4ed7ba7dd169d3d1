package dev.portico.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The footprint scenario: with Portico in this JVM, a child JVM ({@link IdleSessions}) logs in idle
 * WebSocket sessions in two steps (a tenth, then all); this JVM's heap, direct buffers and threads are
 * sampled with none, a tenth and all sessions open, and again after they close. The per-session cost is
 * the slope between the two loaded samples, so fixed costs (thread pool growth, caches) drop out. A
 * second open-all/close cycle then shows whether what stays after closing grows (a leak) or not (pools).
 */
public final class Footprint {
    private static final long CHILD_TIMEOUT_SECONDS = 180;

    private Footprint() {
    }

    /**
     * What the scenario measured.
     *
     * @param sessions      sessions open at the full sample
     * @param firstStep     sessions open at the first loaded sample
     * @param loginSeconds  time to log in all of them (both steps)
     * @param liveAfterClose Portico's live sessions once the clients closed (should be 0)
     * @param closedAgain   the sample after a second cycle of opening and closing all sessions
     */
    public record Outcome(int sessions, int firstStep, double loginSeconds, JvmProbe.Snapshot none,
                          JvmProbe.Snapshot some, JvmProbe.Snapshot all, JvmProbe.Snapshot closed,
                          int liveAfterClose, JvmProbe.Snapshot closedAgain) {
        /** Heap per session: slope between the first-step and full samples, in bytes. */
        public long heapPerSession() {
            return (all.usedHeap() - some.usedHeap()) / Math.max(1, sessions - firstStep);
        }

        /** Direct-buffer bytes per session, same slope. */
        public long directPerSession() {
            return (all.directBuffers() - some.directBuffers()) / Math.max(1, sessions - firstStep);
        }
    }

    /**
     * @param uri          Portico's WebSocket endpoint (Portico must run in this JVM)
     * @param liveSessions Portico's live session count
     */
    public static Outcome measure(URI uri, String domain, String password, List<String> users, int parallel,
                                  IntSupplier liveSessions) throws Exception {
        int firstStep = Math.max(1, users.size() / 10);
        JvmProbe.Snapshot none = JvmProbe.afterGc();
        List<String> command = new ArrayList<>(List.of(
            javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC", "-Dorg.eclipse.jetty.LEVEL=WARN",
            "-cp", System.getProperty("java.class.path"), IdleSessions.class.getName(),
            uri.toString(), domain, password, "idle", Integer.toString(parallel)));
        command.addAll(users);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = child.getOutputStream()) {
            long start = System.nanoTime();
            open(in, out, firstStep, liveSessions);
            long loginNanos = System.nanoTime() - start;
            JvmProbe.Snapshot some = JvmProbe.afterGc();
            start = System.nanoTime();
            open(in, out, users.size() - firstStep, liveSessions);
            loginNanos += System.nanoTime() - start;
            JvmProbe.Snapshot all = JvmProbe.afterGc();
            close(in, out, liveSessions);
            JvmProbe.Snapshot closed = JvmProbe.afterGc();
            int liveAfterClose = liveSessions.getAsInt();
            open(in, out, users.size(), liveSessions);
            close(in, out, liveSessions);
            JvmProbe.Snapshot closedAgain = JvmProbe.afterGc();
            command(in, "exit");
            return new Outcome(users.size(), firstStep, loginNanos / 1e9, none, some, all, closed, liveAfterClose,
                closedAgain);
        } finally {
            if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static void open(OutputStream in, BufferedReader out, int count, IntSupplier live) throws Exception {
        command(in, "open " + count);
        String answer = out.readLine();
        if (answer == null || !answer.startsWith("READY")) {
            throw new IllegalStateException("idle-session child failed: " + answer);
        }
        int expected = Integer.parseInt(answer.substring(6).strip());
        if (live.getAsInt() != expected) {
            throw new IllegalStateException("Portico holds " + live.getAsInt() + " sessions, expected " + expected);
        }
    }

    private static void close(OutputStream in, BufferedReader out, IntSupplier live) throws Exception {
        command(in, "close");
        out.readLine();
        awaitZero(live);
    }

    private static void command(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static void awaitZero(IntSupplier live) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (live.getAsInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** The running JVM's {@code java} launcher. */
    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
