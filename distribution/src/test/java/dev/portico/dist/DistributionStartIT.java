package dev.portico.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code mvn package} built is a working installation: unpacked into an empty directory and
 * started with a PATH holding only bash, dirname and java (no Maven, no npm), it answers {@code /healthz}
 * and stops on SIGTERM.
 */
class DistributionStartIT {
    @TempDir
    Path dir;

    @Test
    void theUnpackedTarballStartsWithoutMavenAndAnswersHealthz() throws Exception {
        Path tarball = Path.of(System.getProperty("dist.tarball"));
        assertThat(tarball).exists();
        run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()));
        Path home;
        try (var entries = Files.list(dir)) {
            home = entries.filter(p -> p.getFileName().toString().startsWith("portico-")).findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/portico")).isExecutable();
        assertThat(home.resolve("conf/portico.yaml")).exists();
        assertThat(home.resolve("conf/portico.service")).exists();
        assertThat(home.resolve("licenses")).isDirectory();
        try (var jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("portico-connection-manager"))
                .anyMatch(n -> n.startsWith("portico-demo-server"));
        }

        Path tools = Files.createDirectory(dir.resolve("path"));
        for (String tool : List.of("/bin/bash", "/usr/bin/dirname")) {
            Files.createSymbolicLink(tools.resolve(Path.of(tool).getFileName()), Path.of(tool));
        }
        Files.createSymbolicLink(tools.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        try (var onPath = Files.list(tools)) {
            assertThat(onPath.map(p -> p.getFileName().toString())).doesNotContain("mvn", "npm", "node");
        }

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/portico").toString(), "--http-port",
            String.valueOf(port), "--upstream", "example.test=127.0.0.1:" + port).redirectErrorStream(true);
        Map<String, String> env = start.environment();
        env.clear();
        env.put("PATH", tools.toString());
        env.put("HOME", dir.toString());
        Process portico = start.start();
        AtomicReference<String> output = new AtomicReference<>("");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(portico.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String next = line;
                    output.updateAndGet(o -> o.length() > 20_000 ? o : o + next + "\n");
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> output.get().contains("Portico listening on")
                || !portico.isAlive());
            assertThat(output.get()).contains("Portico listening on http://127.0.0.1:" + port);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            portico.destroy(); // SIGTERM: the graceful stop
            assertThat(portico.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM; output:%n%s", output).isTrue();
            reader.join(5_000);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
