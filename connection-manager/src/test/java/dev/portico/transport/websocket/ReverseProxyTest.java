package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.portico.session.ClientSession;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.Test;

/** Behind a trusted reverse proxy, sessions are counted against the browser's address, not the proxy's. */
class ReverseProxyTest {

    @Test
    void aSessionThroughATrustedProxyBelongsToTheForwardedAddress() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).trustedProxies(List.of("127.0.0.0/8")).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null, "xmpp",
                 Map.of("X-Forwarded-For", "203.0.113.9"))) {
            raw.login("localhost", "alice", "secret");
            assertThat(portico.server().sessions().snapshot()).extracting(ClientSession::clientAddress)
                .containsExactly("203.0.113.9");
        }
    }

    @Test
    void withoutTrustTheForwardedHeaderIsIgnored() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null, "xmpp",
                 Map.of("X-Forwarded-For", "203.0.113.9"))) {
            raw.login("localhost", "alice", "secret");
            assertThat(portico.server().sessions().snapshot()).extracting(ClientSession::clientAddress)
                .containsExactly("127.0.0.1");
        }
    }
}
