package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import dev.portico.config.OpsConfig;
import dev.portico.config.PorticoConfig;
import dev.portico.testing.FreePorts;
import dev.portico.testing.PorticoTestServer;
import org.junit.jupiter.api.Test;

/**
 * Who sees {@code /status}: loopback callers by default; a request relayed by a proxy (which makes every
 * browser look local) only with the admin token. No XMPP server is needed to render the page.
 */
class StatusPageAccessTest {
    private static final String TOKEN = "0123456789abcdef-status";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static PorticoServer start(Optional<String> token) throws Exception {
        PorticoConfig c = PorticoTestServer.builder("example.test", FreePorts.find()).config();
        return new PorticoServer(new PorticoConfig(c.http(), c.upstream(), c.websocket(), c.bosh(), c.limits(), c.web(),
            c.demo(), new OpsConfig("text", token))).start();
    }

    private static HttpResponse<String> get(PorticoServer server, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/status"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loopbackSeesCountsUpstreamsAndTheChartWithoutAToken() throws Exception {
        try (PorticoServer server = start(Optional.empty())) {
            HttpResponse<String> page = get(server);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'"));
            assertThat(page.body()).contains("WebSocket sessions", "BOSH requests held", "example.test",
                "<span class=\"health health-unknown\">unknown</span>", "<svg", "id=\"chart-stanzas\"", "<polyline");
        }
    }

    @Test
    void aProxiedRequestIsRefusedWithoutTheToken() throws Exception {
        try (PorticoServer server = start(Optional.empty())) {
            assertThat(get(server, "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(404);
            assertThat(get(server, "Forwarded", "for=203.0.113.9").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theAdminTokenOpensThePageToAProxiedRequestAndAWrongOneDoesNot() throws Exception {
        try (PorticoServer server = start(Optional.of(TOKEN))) {
            assertThat(get(server, "X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(200);
            assertThat(get(server, "X-Forwarded-For", "203.0.113.9", "Authorization", "Bearer wrong-token-0123456")
                .statusCode()).isEqualTo(404);
        }
    }
}
