package dev.portico.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a child process of the test (HAProxy, nginx), its output in a file of its own
 * directory, usable once it accepts TCP connections on its loopback port; {@link #close()} stops it with
 * SIGTERM, and kills it if it does not go.
 */
final class ListeningProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path dir;

    private ListeningProcess(String name, Process process, Path dir) {
        this.name = name;
        this.process = process;
        this.dir = dir;
    }

    /** Runs {@code command} (output to {@code dir/stdout.log}) and waits until {@code 127.0.0.1:port} accepts. */
    static ListeningProcess start(String name, List<String> command, Path dir, int port)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        ListeningProcess started = new ListeningProcess(name, process, dir);
        started.awaitListening(port);
        return started;
    }

    /** Debian installs daemons in /usr/sbin, which is not on every user's PATH. */
    static String executable(String program) {
        Path sbin = Path.of("/usr/sbin", program);
        return Files.isExecutable(sbin) ? sbin.toString() : program;
    }

    private void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail("stdout.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException(name + " not listening on " + port + ":\n" + tail("stdout.log"));
    }

    /** The last 30 lines of {@code dir/file}. */
    String tail(String file) {
        List<String> lines = lines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The lines of {@code dir/file}, none if it does not exist. */
    List<String> lines(String file) {
        try {
            return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
