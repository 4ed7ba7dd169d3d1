package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.LogCapture;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 2 end to end: a loopback Prosody without TLS still works without forcing, and every upstream
 * stream that stays plaintext leaves one warning naming the domain and the server's address.
 */
class UpstreamPlaintextStreamLogTest {
    @Test
    void eachPlaintextStreamIsLoggedOnce() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice", "bob").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.builder("localhost", prosody.c2sPort())
                .tls(TlsPolicy.DISABLED).start();
             LogCapture log = LogCapture.start()) {
            try (RawWebSocketClient alice = RawWebSocketClient.connect(portico.webSocketUri(), null);
                 RawWebSocketClient bob = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
                assertThat(alice.login("localhost", "alice", "secret")).startsWith("alice@localhost/");
                assertThat(bob.login("localhost", "bob", "secret")).startsWith("bob@localhost/");
            }
            String address = "127.0.0.1:" + prosody.c2sPort();
            await().atMost(Duration.ofSeconds(5)).until(() -> plaintextLines(log, address).size() >= 2);
            // Two sessions, each with a stream restart after SASL: still one line per stream.
            assertThat(plaintextLines(log, address)).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("WARN").contains("localhost").contains("upstream.tls=disabled"));
        }
    }

    @Test
    void aStreamSecuredWithStartTlsIsNotLogged() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(true).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).tls(TlsPolicy.IF_OFFERED).start();
             LogCapture log = LogCapture.start()) {
            try (RawWebSocketClient alice = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
                assertThat(alice.login("localhost", "alice", "secret")).startsWith("alice@localhost/");
            }
            assertThat(plaintextLines(log, "127.0.0.1:" + prosody.c2sPort())).isEmpty();
        }
    }

    private static List<String> plaintextLines(LogCapture log, String address) {
        // Other test classes may log in the same JVM; only this Prosody's streams count.
        return log.text().lines().filter(l -> l.contains("stays in plaintext") && l.contains(address)).toList();
    }
}
