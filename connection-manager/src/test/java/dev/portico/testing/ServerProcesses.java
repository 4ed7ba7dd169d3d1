package dev.portico.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the server fixtures share for watching a child process, its ports and its log files. */
final class ServerProcesses {

    private ServerProcesses() {
    }

    /** @return whether something accepts TCP connections on 127.0.0.1:{@code port} now */
    static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return whether {@code p} exited within {@code timeout} */
    static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** Pauses a start-up poll; an interrupt ends the wait with an exception naming {@code what}. */
    static void pause(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    /** @return the size of {@code file}, 0 if it does not exist */
    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return {@code file} from byte {@code offset} on, "" if it does not exist */
    static String readFrom(Path file, long offset) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the last {@code lines} lines of {@code file}, each ending in a newline */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            Deque<String> last = new ArrayDeque<>();
            try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
                all.forEach(line -> {
                    last.addLast(line);
                    if (last.size() > lines) {
                        last.removeFirst();
                    }
                });
            }
            return last.isEmpty() ? "" : String.join("\n", last) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }

    /** Deletes {@code root} and everything below it, best effort. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a leftover file in /tmp is harmless
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
