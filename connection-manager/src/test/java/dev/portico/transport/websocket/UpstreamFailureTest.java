package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.Test;

/** What the browser sees when the XMPP server behind Portico dies or cannot be reached. */
class UpstreamFailureTest {

    @Test
    void serverKilledMidSessionGivesStreamErrorAndCloseWithinFiveSeconds() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.login("localhost", "alice", "secret");
            assertThat(portico.server().sessions().size()).isEqualTo(1);
            long killedAt = System.nanoTime();
            prosody.kill();
            String error = raw.nextContaining("<stream:error");
            assertThat(error).contains("remote-connection-failed");
            assertThat(raw.next()).startsWith("<close");
            raw.awaitClose(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(1)).until(() -> portico.server().sessions().size() == 0);
        }
    }

    @Test
    void unreachableServerGivesRemoteConnectionFailed() throws Exception {
        int closedPort = dev.portico.testing.FreePorts.find();
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", closedPort).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(raw.next()).startsWith("<open");
            assertThat(raw.next()).contains("<remote-connection-failed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
            assertThat(raw.next()).startsWith("<close");
            await().atMost(Duration.ofSeconds(2)).until(() -> portico.server().sessions().size() == 0);
        }
    }

    @Test
    void tlsRequiredAgainstAServerWithoutTrustedCertificateFailsClosed() throws Exception {
        // Portico trusts only the system store here, so Prosody's self-signed certificate must be refused.
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(true).start();
             PorticoTestServer portico = PorticoTestServer.builder("localhost", prosody.c2sPort())
                .tls(TlsPolicy.REQUIRED).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            String error = raw.nextContaining("<stream:error");
            assertThat(error).contains("remote-connection-failed");
            assertThat(raw.next()).startsWith("<close");
        }
    }
}
