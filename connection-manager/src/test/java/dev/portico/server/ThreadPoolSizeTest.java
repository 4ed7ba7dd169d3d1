package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.portico.testing.FreePorts;
import dev.portico.testing.PorticoTestServer;
import org.junit.jupiter.api.Test;

/** The default pool is a small multiple of the cores plus a constant, never a thread per session. */
class ThreadPoolSizeTest {
    /**
     * The server pool's threads: {@code portico-<n>}, or {@code portico-<n>-acceptor-...} while one accepts
     * (the timer is {@code portico-timer-<n>}).
     */
    private static final Pattern POOL_THREAD = Pattern.compile("portico-\\d+(-.*)?");

    @Test
    void thePoolGrowsWithCoresNotWithSessions() {
        assertThat(PorticoServer.defaultMaxThreads(2)).isEqualTo(32);
        assertThat(PorticoServer.defaultMaxThreads(16)).isEqualTo(144);
        assertThat(PorticoServer.defaultMaxThreads(0)).isEqualTo(24);
    }

    /**
     * All pool threads run from the start and none is added under a burst of requests: the thread count
     * is the same idle and loaded (before, the pool started 8 and grew to its maximum under load).
     */
    @Test
    void thePoolStartsFullAndStaysTheSameSizeUnderABurst() throws Exception {
        int max = 12;
        Set<Thread> before = poolThreads();
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find()).maxThreads(max).start()) {
            Set<Thread> started = poolThreads();
            started.removeAll(before);
            assertThat(started).hasSize(max);

            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> burst = IntStream.range(0, 60)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create(portico.baseUrl() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()))
                .toList();
            for (CompletableFuture<HttpResponse<Void>> response : burst) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
            Set<Thread> after = poolThreads();
            after.removeAll(before);
            assertThat(after).isEqualTo(started);
        }
    }

    private static Set<Thread> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && POOL_THREAD.matcher(t.getName()).matches())
            .collect(Collectors.toSet());
    }
}
