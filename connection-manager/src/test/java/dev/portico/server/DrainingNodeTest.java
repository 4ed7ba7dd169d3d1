package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node in its graceful stop (rolling restart): a load balancer's health check sees it going, and a
 * client that still reaches it is told {@code system-shutdown} (try again elsewhere), not a limit error.
 */
class DrainingNodeTest {
    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
            .requireEncryption(false).start();
        portico = PorticoTestServer.inFrontOf(prosody).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (portico != null) {
            portico.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void aStoppingNodeFailsItsHealthCheckAndSendsNewSessionsAwayWithSystemShutdown() throws Exception {
        assertThat(health().statusCode()).isEqualTo(200);
        try (RawWebSocketClient early = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            portico.server().sessions().drain();

            HttpResponse<String> health = health();
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("stopping\n");

            // A WebSocket opened before the stop asks for a session after it.
            early.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(early.nextContaining("<stream:error")).contains("<system-shutdown");
            assertThat(early.nextContaining("<close")).startsWith("<close");

            String created = HTTP.send(HttpRequest.newBuilder(URI.create(portico.baseUrl() + "/http-bind"))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("<body xmlns='http://jabber.org/protocol/httpbind' rid='100'"
                    + " to='localhost' wait='10' hold='1' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(created).contains("type='terminate'").contains("condition='system-shutdown'");
        }
    }

    private static HttpResponse<String> health() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(portico.baseUrl() + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
