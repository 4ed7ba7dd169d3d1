package dev.portico.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Portico as a child JVM ({@code dev.portico.server.Main} on the test's class path) with a config file
 * written by the test: what a node of a cluster is, so {@link #stop()} can send it a real SIGTERM and
 * the graceful stop under test is the one operators get. Shared with e2e-tests through the test-jar.
 */
public final class PorticoProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Portico listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path dir;
    private final Path log;
    private int port;

    private PorticoProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.log = dir.resolve("portico.log");
    }

    /**
     * Starts {@code Main --config FILE} with {@code yaml} as the file (it should bind 127.0.0.1) and
     * returns once it prints that it listens (a loaded CI machine may take a minute or more).
     */
    public static PorticoProcess start(String yaml) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("portico-node-");
        Path config = dir.resolve("portico.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        // Surefire runs tests from a manifest-only jar; the real class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and a small heap: a test node carries a hundred sessions, and starts in about a second.
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classPath, "dev.portico.server.Main", "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("portico.log").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        PorticoProcess node = new PorticoProcess(process, dir);
        node.awaitListening();
        return node;
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && process.isAlive()) {
            for (String line : output()) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    return;
                }
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("Portico did not start:\n" + outputTail(40));
    }

    /** Everything it printed so far (stdout and log, one file). */
    private List<String> output() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The HTTP port it listens on. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The process id, e.g. for a log line. */
    public long pid() {
        return process.pid();
    }

    /** Whether the JVM still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM (the graceful stop of {@code systemctl stop} and rolling restarts) and returns without
     * waiting; see {@link #awaitExit}.
     */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code seconds} for the process to end; returns its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Portico still running " + seconds + " s after SIGTERM:\n" + outputTail(40));
        }
        return process.exitValue();
    }

    /** Every line the node printed (stdout and log) that contains {@code text}. */
    public List<String> outputLines(String text) {
        return output().stream().filter(line -> line.contains(text)).toList();
    }

    /** The last {@code n} lines it printed. */
    public String outputTail(int n) {
        List<String> lines = output();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The node's temporary directory (its config file). */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
