package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side of Portico's BOSH endpoint that does not depend on which XMPP server is behind it (CORS,
 * GET, compression, a request held past Jetty's idle timeout), run once, in front of Prosody. What
 * depends on the server is in {@link BoshGatewayTest}, run against every server.
 */
class BoshHttpEndpointTest {
    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static HttpClient http;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("carol").password("secret")
            .requireEncryption(false).start();
        portico = PorticoTestServer.inFrontOf(prosody).start();
        http = new HttpClient();
        http.setIdleTimeout(120_000); // held requests are idle on the wire for up to 'wait'
        http.start();
        url = portico.baseUrl() + "/http-bind";
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (portico != null) {
            portico.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    private static RawBoshClient raw() {
        return new RawBoshClient(http, url);
    }

    @Test
    void aRequestHeldLongerThanTheConnectorIdleTimeoutStillGetsItsEmptyBody() throws Exception {
        RawBoshClient carol = raw();
        carol.login("localhost", "carol", "secret", 35); // Jetty's connector idle timeout is 30 s
        long start = System.nanoTime();
        String empty = carol.send("", "");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(33));
        assertThat(empty).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind'/>");
        carol.send("type='terminate'", "");
    }


    @Test
    void corsPreflightAndHeadersOnEveryAnswer() throws Exception {
        ContentResponse preflight = http.newRequest(url).method(HttpMethod.OPTIONS)
            .headers(h -> h.put(HttpHeader.ORIGIN, "http://localhost:3000")
                .put(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .put(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")).send();
        assertThat(preflight.getStatus()).isBetween(200, 204);
        assertThat(preflight.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("http://localhost:3000");
        assertThat(preflight.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS)).contains("POST");
        assertThat(preflight.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS)).containsIgnoringCase("content-type");

        ContentResponse error = http.newRequest(url).method(HttpMethod.POST)
            .headers(h -> h.put(HttpHeader.ORIGIN, "http://localhost:3000"))
            .body(new StringRequestContent("text/xml; charset=utf-8", "<body rid='1' sid='nope' xmlns='"
                + RawBoshClient.NS + "'/>")).send();
        assertThat(error.getContentAsString()).contains("condition='item-not-found'");
        assertThat(error.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("http://localhost:3000");
        assertThat(error.getHeaders().get(HttpHeader.CONTENT_TYPE)).isEqualTo("text/xml; charset=utf-8");

        ContentResponse foreign = http.newRequest(url).method(HttpMethod.OPTIONS)
            .headers(h -> h.put(HttpHeader.ORIGIN, "https://evil.example")).send();
        assertThat(foreign.getStatus()).isEqualTo(403);
        assertThat(foreign.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
    }

    @Test
    void getAnswersWithAShortPage() throws Exception {
        ContentResponse page = http.GET(url);
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getMediaType()).isEqualTo("text/html");
        assertThat(page.getContentAsString()).contains("BOSH").doesNotContain("Exception");
    }

    @Test
    void smallResponsesAreNotGzippedEvenWhenTheClientAcceptsIt() throws Exception {
        // The JDK client never decompresses on its own, so the test sees the wire form. Large answers are
        // compressed (BoshHttpTest); a short one is not worth a zlib stream.
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<byte[]> answer = jdk.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Accept-Encoding", "gzip").header("Content-Type", "text/xml; charset=utf-8")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<body rid='1' sid='nope' xmlns='"
                + RawBoshClient.NS + "'/>")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(answer.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Accept-Encoding"));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("condition='item-not-found'");
    }
}
