package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.testing.SmackClients;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prosody requiring STARTTLS: Portico negotiates it itself with a test trust store; browsers log in over plain ws. */
class UpstreamStartTlsTest {
    private static ProsodyServer prosody;
    private static PorticoTestServer portico;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice", "bob").password("secret")
            .requireEncryption(true).start();
        portico = PorticoTestServer.builder("localhost", prosody.c2sPort()).tls(TlsPolicy.REQUIRED)
            .trustStore(prosody.trustStorePkcs12(), prosody.trustStorePassword()).start();
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
    void smackLogsInWithScramAndPlainThroughStartTls() throws Exception {
        ModularXmppClientToServerConnection alice = SmackClients.webSocket(portico.webSocketUri().toString(),
            "localhost", "alice", "secret", SmackClients.SCRAM_SHA_1);
        ModularXmppClientToServerConnection bob = SmackClients.webSocket(portico.webSocketUri().toString(),
            "localhost", "bob", "secret", SmackClients.PLAIN);
        try {
            alice.connect().login();
            bob.connect().login();
            assertThat(alice.isAuthenticated()).isTrue();
            assertThat(bob.isAuthenticated()).isTrue();
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void featuresReachTheBrowserOnlyAfterTlsAndWithoutStartTls() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(raw.next()).startsWith("<open");
            String features = raw.next();
            // Prosody offers SASL only on an encrypted stream, so seeing mechanisms proves TLS is up.
            assertThat(features).contains("<mechanisms").doesNotContain("starttls");
        }
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            assertThat(raw.login("localhost", "alice", "secret")).startsWith("alice@localhost/");
        }
    }
}
