package dev.portico.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.testing.SmackClients;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/portico}'s path, as a separate process on the packaged class path ({@code target/*.jar} and
 * {@code target/lib}, which is what {@code bin/portico} adds for the demo): with no upstream configured,
 * Main finds the demo server, says so, prints where to go, serves {@code /healthz}, and alice can log in.
 */
class BinPorticoIT {
    private static final Pattern LISTENING = Pattern.compile("Portico listening on (http://127\\.0\\.0\\.1:(\\d+))");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        stdout.forEach(line -> System.out.println("portico stdout: " + line));
        stderr.forEach(line -> System.out.println("portico stderr: " + line));
    }

    @Test
    void unconfiguredPorticoRunsTheDemoAndServesIt() throws Exception {
        Path target = Path.of("target");
        assertThat(target.resolve("lib")).isDirectory();
        String classPath = target.resolve("portico-demo-server.jar") + java.io.File.pathSeparator
            + target.resolve("lib") + java.io.File.separator + "*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", classPath, "dev.portico.server.Main", "--http-port", "0")
            .start();
        process.getOutputStream().close();
        CompletableFuture<Matcher> listening = new CompletableFuture<>();
        collect(process.getInputStream(), stdout, listening);
        collect(process.getErrorStream(), stderr, null);

        Matcher m = listening.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        String baseUrl = m.group(1);
        int port = Integer.parseInt(m.group(2));

        HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        AbstractXMPPConnection alice = SmackClients.webSocket("ws://127.0.0.1:" + port + "/xmpp-websocket",
            "localhost", "alice", "demo");
        try {
            alice.connect();
            alice.login();
            assertThat(alice.isAuthenticated()).isTrue();
        } finally {
            alice.disconnect();
        }

        assertThat(stdout).anySatisfy(line -> assertThat(line).startsWith("Open " + baseUrl + "/")
            .contains("alice / demo").contains("bob / demo"));
        assertThat(String.join("\n", stderr))
            .contains("DEMO MODE")
            .contains("embedded demo XMPP server for domain 'localhost' on 127.0.0.1:")
            .contains("alice@localhost")
            .doesNotContain("AbstractMethodError");
        // Vysper's stock endpoint logged every stanza, SASL PLAIN included: no stanza text, no credentials.
        // (A teardown race may still log a stack trace from Vysper/MINA at WARN; that carries no stanza.)
        String plain = Base64.getEncoder().encodeToString("\0alice\0demo".getBytes(StandardCharsets.UTF_8));
        assertThat(String.join("\n", stderr) + String.join("\n", stdout))
            .doesNotContain(plain)
            .doesNotContain("<auth")
            .doesNotContain("<message")
            .doesNotContain("<iq");
    }

    private static void collect(InputStream in, List<String> lines, CompletableFuture<Matcher> listening) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (listening != null && m.find()) {
                        listening.complete(m);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            if (listening != null) {
                listening.completeExceptionally(new IllegalStateException("Portico exited before listening: " + lines));
            }
        }, "portico-output");
        reader.setDaemon(true);
        reader.start();
    }
}
