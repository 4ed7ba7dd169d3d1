package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import dev.portico.transport.OriginPolicy;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP side of {@link BoshHandler} on a real Jetty, with the binding's upstream faked: configured
 * origins, methods, compressed request bodies.
 */
class BoshHttpTest {
    private final BoshHarness bosh = new BoshHarness();
    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new BoshHandler("/http-bind",
            new OriginPolicy(List.of("https://chat.example"), () -> "https://portico.example"), bosh.service));
        server.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/http-bind";
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyConfiguredOriginsGetCorsHeaders() throws Exception {
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://chat.example")
            .POST(HttpRequest.BodyPublishers.ofString("<body rid='1' sid='x' xmlns='" + BoshHarness.NS + "'/>")));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://chat.example");
        assertThat(allowed.body()).contains("item-not-found");

        HttpResponse<String> loopback = send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "http://localhost:8080")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(loopback.statusCode()).as("a configured list replaces the loopback default").isEqualTo(403);

        HttpResponse<String> noOrigin = send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertThat(noOrigin.statusCode()).isEqualTo(200);
        assertThat(noOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/html",
        "application/json", "text/xml; charset=iso-8859-1"})
    void bodiesThatAreNotUtf8XmlAreRefusedUnprocessed(String contentType) throws Exception {
        // What a cross-site HTML form can send without a CORS preflight, and other non-XML types.
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString("<body rid='10' to='example.com' wait='60' hold='1' xmlns='"
                + BoshHarness.NS + "'/>")));
        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(bosh.upstreams).as("no session was created").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/xml; charset=utf-8", "text/xml",
        "application/xml", "Text/XML; Charset=UTF-8", "application/xhtml+xml; charset=\"utf-8\"", ""})
    void xmlBodiesAndBodiesWithoutContentTypeAreProcessed(String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString("<body rid='1' sid='x' xmlns='" + BoshHarness.NS + "'/>"));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answered = send(request);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains("item-not-found");
        assertThat(answered.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
    }

    @Test
    void aBodyWithInvalidUtf8IsABadRequestNotAnInternalError() throws Exception {
        byte[] head = ("<body rid='10' to='example.com' wait='60' hold='1' xmlns='" + BoshHarness.NS + "'>"
            + "<message xmlns='jabber:client'><body>").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "</body></message></body>".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {{(byte) 0xC3, '('}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xFF}}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(head);
            bytes.write(bad);
            bytes.write(tail);
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())));
            assertThat(answer.body()).contains("type='terminate'").contains("condition='bad-request'");
        }
        assertThat(bosh.upstreams).isEmpty();
    }

    @Test
    void otherMethodsAre405AndOtherPathsAreNotOurs() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody())).statusCode())
            .isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "/x")).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void gzippedRequestBodiesAreAccepted() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
            out.write(("<body rid='10' to='example.com' wait='60' hold='1' ver='1.11' xmlns='" + BoshHarness.NS + "'/>")
                .getBytes(StandardCharsets.UTF_8));
        }
        var pending = client.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().until(() -> !bosh.upstreams.isEmpty());
        FakeUpstream upstream = bosh.upstreams.get(0);
        upstream.opened();
        upstream.serverSends(BoshHarness.FEATURES);
        HttpResponse<String> created = pending.get();
        assertThat(created.body()).contains("sid='").contains("stream:features");
        assertThat(upstream.log).containsExactly("open example.com");
    }

    @Test
    void largeResponsesAreGzippedWhenTheClientAcceptsIt() throws Exception {
        var pending = client.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofString("<body rid='10' to='example.com' wait='60' hold='1' ver='1.11'"
                + " xmlns='" + BoshHarness.NS + "'/>")).build(), HttpResponse.BodyHandlers.ofByteArray());
        org.awaitility.Awaitility.await().until(() -> !bosh.upstreams.isEmpty());
        FakeUpstream upstream = bosh.upstreams.get(0);
        upstream.opened();
        String text = "hello ".repeat(BoshHandler.GZIP_MIN_BYTES / 4);
        upstream.serverSends("<message xmlns='jabber:client' to='a@example.com'><body>" + text + "</body></message>");
        HttpResponse<byte[]> zipped = pending.get();
        // The JDK client never decompresses on its own, so the test sees the wire form.
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes();
        assertThat(zipped.body().length).isLessThan(plain.length);
        assertThat(new String(plain, StandardCharsets.UTF_8)).contains(text).contains("sid='");
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnread() throws Exception {
        String huge = "<body rid='1' sid='x' xmlns='" + BoshHarness.NS + "'><message xmlns='jabber:client'><body>"
            + "x".repeat(bosh.settings.maxBodyBytes()) + "</body></message></body>";
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(huge)));
        assertThat(refused.body()).contains("type='terminate'").contains("condition='policy-violation'");
    }

    /** No Content-Length: the body is read as it comes, into an array that grows (BodyReader). */
    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        byte[] body = ("<body rid='1' sid='x' xmlns='" + BoshHarness.NS + "'>" + "<presence/>".repeat(200) + "</body>")
            .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answered = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/xml")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
        assertThat(answered.body()).contains("item-not-found");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefused() throws Exception {
        byte[] huge = ("<body rid='1' sid='x' xmlns='" + BoshHarness.NS + "'>"
            + "x".repeat(2 * bosh.settings.maxBodyBytes()) + "</body>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))));
        assertThat(refused.body()).contains("type='terminate'").contains("condition='policy-violation'");
    }
}
