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
        server.setHandler(new BoshHandler("/http-bind", new OriginPolicy(List.of("https://chat.example")), bosh.service));
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
    void aBodyOverTheLimitIsRefusedUnread() throws Exception {
        String huge = "<body rid='1' sid='x' xmlns='" + BoshHarness.NS + "'><message xmlns='jabber:client'><body>"
            + "x".repeat(bosh.settings.maxBodyBytes()) + "</body></message></body>";
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(huge)));
        assertThat(refused.body()).contains("type='terminate'").contains("condition='policy-violation'");
    }
}
