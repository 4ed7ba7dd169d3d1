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

/**
 * {@code upstream.tls: direct} (XEP-0368) against Prosody's direct TLS port: TLS from the first byte, the
 * certificate checked against the XMPP domain (the connection goes to 127.0.0.1, the certificate names only
 * {@code localhost}), and no STARTTLS.
 */
class UpstreamDirectTlsTest {
    private static ProsodyServer prosody;
    private static PorticoTestServer portico;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice", "bob").password("secret")
            .requireEncryption(true).directTls(true).start();
        portico = PorticoTestServer.builder("localhost", prosody.directTlsPort()).tls(TlsPolicy.DIRECT)
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
    void smackLogsInOverDirectTls() throws Exception {
        ModularXmppClientToServerConnection alice = SmackClients.webSocket(portico.webSocketUri().toString(),
            "localhost", "alice", "secret", SmackClients.SCRAM_SHA_1);
        try {
            alice.connect().login();
            assertThat(alice.isAuthenticated()).isTrue();
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void theFirstFeaturesAlreadyOfferSaslAndNoStartTls() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(raw.next()).startsWith("<open");
            // Prosody requires encryption and offers SASL only on an encrypted stream.
            assertThat(raw.next()).contains("<mechanisms").doesNotContain("starttls");
        }
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            assertThat(raw.login("localhost", "bob", "secret")).startsWith("bob@localhost/");
        }
    }

    @Test
    void anUntrustedCertificateEndsTheSession() throws Exception {
        // Only the system trust store here: Prosody's self-signed certificate must be refused.
        try (PorticoTestServer untrusting = PorticoTestServer.builder("localhost", prosody.directTlsPort())
                .tls(TlsPolicy.DIRECT).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(untrusting.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(raw.nextContaining("<stream:error")).contains("remote-connection-failed");
            assertThat(raw.next()).startsWith("<close");
        }
    }

    @Test
    void directTlsAgainstAPlainC2sPortFails() throws Exception {
        // The STARTTLS port answers XML, not a TLS handshake: the stream must not fall back to plaintext.
        try (PorticoTestServer wrongPort = PorticoTestServer.builder("localhost", prosody.c2sPort())
                .tls(TlsPolicy.DIRECT).trustStore(prosody.trustStorePkcs12(), prosody.trustStorePassword()).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(wrongPort.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(raw.nextContaining("<stream:error")).contains("remote-connection-failed");
        }
    }
}
