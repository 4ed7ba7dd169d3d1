package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import dev.portico.testing.FreePorts;
import dev.portico.testing.PorticoTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response that is not one of the web chat's pages is typed strictly and may run nothing
 * ({@code nosniff}, {@code default-src 'none'}): BOSH answers and refusals, discovery, health, metrics,
 * and error pages, Jetty's own 404 included. The pages keep their own policy.
 */
class HardeningHeadersTest {
    private static final String BOSH_BODY = "<body rid='1' sid='nope' xmlns='http://jabber.org/protocol/httpbind'/>";
    private static PorticoTestServer portico;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        // No upstream is contacted: no test here opens a session.
        portico = PorticoTestServer.builder("localhost", FreePorts.find()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (portico != null) {
            portico.close();
        }
    }

    static Stream<Arguments> nonPageResponses() {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(BOSH_BODY);
        return Stream.of(
            Arguments.of("BOSH answer", post("/http-bind", "text/xml; charset=utf-8", null), 200),
            Arguments.of("BOSH wrong content type", post("/http-bind", "text/plain", null), 415),
            Arguments.of("BOSH foreign origin", post("/http-bind", "text/xml", "https://evil.example"), 403),
            Arguments.of("BOSH preflight", request("/http-bind").method("OPTIONS", HttpRequest.BodyPublishers.noBody()), 204),
            Arguments.of("host-meta", request("/.well-known/host-meta").GET(), 200),
            Arguments.of("host-meta.json", request("/.well-known/host-meta.json").GET(), 200),
            Arguments.of("healthz", request("/healthz").GET(), 200),
            Arguments.of("metrics", request("/metrics").GET(), 200),
            Arguments.of("unknown path", request("/%3Cscript%3Ealert(1)%3C/script%3E").GET(), 404),
            Arguments.of("missing asset", request("/static/nope.js").GET(), 404),
            Arguments.of("wrong method on a page", request("/").POST(body), 405));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonPageResponses")
    void nonPageResponsesCannotBeSniffedOrRunAnything(String what, HttpRequest.Builder request, int status)
            throws Exception {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; frame-ancestors 'none'");
        assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(1);
    }

    @Test
    void theChatPageKeepsItsOwnPolicy() throws Exception {
        HttpResponse<String> page = CLIENT.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1)
            .allSatisfy(csp -> assertThat(csp).contains("script-src 'self'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(portico.baseUrl() + path));
    }

    private static HttpRequest.Builder post(String path, String contentType, String origin) {
        HttpRequest.Builder b = request(path).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(BOSH_BODY));
        return origin == null ? b : b.header("Origin", origin);
    }
}
