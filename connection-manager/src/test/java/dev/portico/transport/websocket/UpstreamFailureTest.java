package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.GatewayStack;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.testing.XmppServerKind;
import dev.portico.testing.XmppServerSetup;
import dev.portico.testing.XmppTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What the browser sees when the XMPP server behind Portico (Prosody, then ejabberd) dies or cannot be reached. */
@ParameterizedClass(name = "{0}")
@EnumSource(XmppServerKind.class)
class UpstreamFailureTest {
    private final XmppServerKind kind;

    UpstreamFailureTest(XmppServerKind kind) {
        this.kind = kind;
    }

    @Test
    void serverKilledMidSessionGivesStreamErrorAndCloseWithinFiveSeconds() throws Exception {
        try (GatewayStack stack = GatewayStack.start(kind, XmppServerSetup.localhost().users("alice"));
             RawWebSocketClient raw = RawWebSocketClient.connect(stack.portico().webSocketUri(), null)) {
            PorticoTestServer portico = stack.portico();
            raw.login("localhost", "alice", "secret");
            assertThat(portico.server().sessions().size()).isEqualTo(1);
            long killedAt = System.nanoTime();
            stack.server().kill();
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
        // Portico trusts only the system store here, so the server's self-signed certificate must be refused.
        try (XmppTestServer server = kind.start(XmppServerSetup.localhost().users("alice").requireEncryption(true));
             PorticoTestServer portico = PorticoTestServer.builder("localhost", server.c2sPort())
                .tls(TlsPolicy.REQUIRED).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            String error = raw.nextContaining("<stream:error");
            assertThat(error).contains("remote-connection-failed");
            assertThat(raw.next()).startsWith("<close");
        }
    }
}
