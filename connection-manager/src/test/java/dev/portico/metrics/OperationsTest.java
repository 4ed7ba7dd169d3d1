package dev.portico.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.session.ClientSession;
import dev.portico.testing.LogCapture;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.SmackClients;
import dev.portico.transport.bosh.RawBoshClient;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Metrics and the session-end log against a real Prosody, one WebSocket and one BOSH session (Smack):
 * what operators scrape and read matches what the sessions did.
 */
class OperationsTest {
    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice", "bob").password("secret")
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

    static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(portico.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.Ee+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void metricsAndSessionEndLinesFollowWhatSessionsDid() throws Exception {
        ModularXmppClientToServerConnection alice = SmackClients.webSocket(portico.webSocketUri().toString(),
            prosody.domain(), "alice", "secret");
        // A raw BOSH client: this test is about metrics, and Smack/jbosh's own teardown races (its HTTP
        // connection closed under a request thread) are not what it measures; BoshGatewayTest covers Smack.
        org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
        http.start();
        RawBoshClient bob = new RawBoshClient(http, portico.baseUrl() + "/http-bind");
        try (LogCapture log = LogCapture.start()) {
            alice.connect().login();
            bob.login(prosody.domain(), "bob", "secret", 5);
            await().atMost(Duration.ofSeconds(20)).until(() -> portico.server().sessions().snapshot().stream()
                .filter(s -> s.boundJid() != null).count() == 2);
            assertThat(portico.server().sessions().snapshot()).extracting(ClientSession::boundJid)
                .containsExactlyInAnyOrder("alice@localhost", "bob@localhost");

            for (int i = 0; i < 5; i++) {
                alice.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from("bob@localhost"))
                    .ofType(Message.Type.chat).setBody("hello " + i).build());
            }
            String during = get("/metrics");
            assertThat(value(during, "portico_sessions_active{transport=\"websocket\"}")).isEqualTo(1.0);
            assertThat(value(during, "portico_sessions_active{transport=\"bosh\"}")).isEqualTo(1.0);
            assertThat(value(during, "portico_sessions_opened_total{transport=\"bosh\"}")).isEqualTo(1.0);
            assertThat(value(during, "portico_stanzas_total{direction=\"to_server\"}")).isGreaterThanOrEqualTo(5.0);
            assertThat(value(during, "portico_stanza_bytes_total{direction=\"to_client\"}")).isGreaterThan(100.0);
            assertThat(value(during, "portico_upstream_open_seconds_count")).isEqualTo(2.0);
            assertThat(value(during, "portico_upstream_tls_total{outcome=\"plaintext\"}")
                + value(during, "portico_upstream_tls_total{outcome=\"secure\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(during).contains("portico_bosh_held_requests ", "portico_queued_bytes{direction=\"to_client\"}",
                "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "jetty_threads_current",
                "portico_sessions_failed_total ", "portico_stream_errors_total{condition=\"host-unknown\"}");

            String status = get("/status");
            assertThat(status).contains("alice@localhost", "bob@localhost", "<td>websocket</td>", "<td>bosh</td>",
                "id=\"chart-sessions\"").containsPattern("<span class=\"health health-ok\">ok</span>");

            alice.disconnect();
            bob.send("type='terminate'", "<presence type='unavailable' xmlns='jabber:client'/>");
            await().atMost(Duration.ofSeconds(20)).until(() -> portico.server().sessions().size() == 0);
            String after = get("/metrics");
            assertThat(value(after, "portico_sessions_active{transport=\"websocket\"}")).isEqualTo(0.0);
            assertThat(value(after, "portico_sessions_closed_total{reason=\"client-close\"}")).isEqualTo(2.0);
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("jid=bob@localhost"));
            assertThat(log.text()).containsPattern("session \\w+ ended: transport=websocket jid=alice@localhost "
                + "client=127\\.0\\.0\\.1 duration=\\d+ms bytes_to_server=[1-9]\\d* bytes_to_client=[1-9]\\d* reason=client-close");
        } finally {
            alice.disconnect();
            http.stop();
        }
    }
}
