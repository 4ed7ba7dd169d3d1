package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.portico.config.MetricsConfig;
import dev.portico.testing.FreePorts;
import dev.portico.testing.PorticoTestServer;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 12: {@code /metrics} answers only the clients {@code metrics.allow-from} names (loopback by
 * default), judged by the direct peer; {@code X-Forwarded-For} counts only from a trusted proxy. Every test
 * client here is 127.0.0.1, so the ranges are chosen around it.
 */
class MetricsAccessTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void loopbackReadsMetricsByDefault() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find()).start()) {
            HttpResponse<String> metrics = get(portico, Map.of());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("portico_sessions_opened_total");
        }
    }

    @Test
    void aClientOutsideTheAllowedRangesGetsNotFound() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find())
                .metrics(new MetricsConfig(List.of("10.0.0.0/8"))).start()) {
            HttpResponse<String> metrics = get(portico, Map.of());
            assertThat(metrics.statusCode()).isEqualTo(404);
            assertThat(metrics.body()).doesNotContain("portico_");
            // Claiming an allowed address does not help when the peer is no trusted proxy.
            assertThat(get(portico, Map.of("X-Forwarded-For", "10.1.2.3")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aForwardedRequestThroughAnUndeclaredProxyIsRefusedEvenFromLoopback() throws Exception {
        // An nginx on the same host, not listed in http.trusted-proxies: every request arrives from 127.0.0.1.
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find()).start()) {
            assertThat(get(portico, Map.of("X-Forwarded-For", "203.0.113.5")).statusCode()).isEqualTo(404);
            assertThat(get(portico, Map.of("Forwarded", "for=203.0.113.5")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsJudged() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find())
                .trustedProxies(List.of("127.0.0.1")).metrics(new MetricsConfig(List.of("10.0.0.0/8"))).start()) {
            assertThat(get(portico, Map.of("X-Forwarded-For", "10.1.2.3")).statusCode()).isEqualTo(200);
            assertThat(get(portico, Map.of("X-Forwarded-For", "203.0.113.5")).statusCode()).isEqualTo(404);
            // The proxy itself, asking without forwarding, is 127.0.0.1: not in 10/8.
            assertThat(get(portico, Map.of()).statusCode()).isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(PorticoTestServer portico, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portico.baseUrl() + "/metrics")).GET();
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
