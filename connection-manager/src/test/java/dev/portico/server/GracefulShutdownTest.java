package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.Test;

/** Stopping the gateway tells every browser session why, and does not wait for held requests. */
class GracefulShutdownTest {

    @Test
    void stopSendsSystemShutdownToWebSocketAndBoshSessionsAndFinishesPromptly() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start()) {
            PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start();
            HttpClient http = HttpClient.newHttpClient();
            URI bosh = URI.create(portico.baseUrl() + "/http-bind");
            String created = http.send(post(bosh, "<body xmlns='http://jabber.org/protocol/httpbind' rid='100' to='localhost'"
                + " wait='60' hold='1' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>"),
                HttpResponse.BodyHandlers.ofString()).body();
            String sid = created.replaceAll("(?s).*sid='([^']+)'.*", "$1");
            CompletableFuture<HttpResponse<String>> held = http.sendAsync(
                post(bosh, "<body xmlns='http://jabber.org/protocol/httpbind' rid='101' sid='" + sid + "'/>"),
                HttpResponse.BodyHandlers.ofString());

            try (RawWebSocketClient ws = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
                ws.login("localhost", "alice", "secret");
                long start = System.nanoTime();
                portico.close();
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(ws.nextContaining("<stream:error")).contains("<system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
                assertThat(ws.next()).startsWith("<close");
                assertThat(held.get(5, TimeUnit.SECONDS).body()).contains("type='terminate'").contains("system-shutdown");
                assertThat(took).isLessThan(Duration.ofSeconds(4));
            }
        }
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "text/xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
