package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 4 end to end: domain {@code localhost} configured without a host is found through DNS and
 * resolves to 127.0.0.1, where a real Prosody listens. A DNS answer pointing at loopback is refused unless
 * {@code upstream.allow-private-dns} is set.
 */
class UpstreamDnsAnswersTest {
    private static ProsodyServer prosody;

    @BeforeAll
    static void start() {
        prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
            .requireEncryption(true).start();
    }

    @AfterAll
    static void stop() {
        if (prosody != null) {
            prosody.close();
        }
    }

    private static PorticoTestServer.Builder viaDns() {
        return PorticoTestServer.builder("localhost", prosody.c2sPort()).viaDns().tls(TlsPolicy.REQUIRED)
            .trustStore(prosody.trustStorePkcs12(), prosody.trustStorePassword());
    }

    @Test
    void aDnsAnswerPointingAtLoopbackIsRefused() throws Exception {
        try (PorticoTestServer portico = viaDns().start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(raw.nextContaining("<stream:error")).contains("remote-connection-failed");
            assertThat(raw.next()).startsWith("<close");
        }
    }

    @Test
    void allowPrivateDnsLetsItThrough() throws Exception {
        try (PorticoTestServer portico = viaDns().allowPrivateDns(true).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            assertThat(raw.login("localhost", "alice", "secret")).startsWith("alice@localhost/");
        }
    }
}
