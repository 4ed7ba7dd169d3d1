package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.Test;

/** WebSocket pings keep idle proxies open; the server's whitespace keep-alives never reach the browser. */
class WebSocketKeepAliveTest {

    @Test
    void anIdleSessionReceivesPingsAtTheConfiguredIntervalAndNoWhitespaceFrames() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody)
                .pingInterval(Duration.ofMillis(300)).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.login("localhost", "alice", "secret");
            await().atMost(Duration.ofSeconds(5)).until(() -> raw.pingsReceived() >= 3);
            // Ask for something so the next frame is known; anything before it would be a stray frame.
            raw.send("<iq xmlns='jabber:client' type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
            String next = raw.next();
            assertThat(next).contains("id='p1'");
            assertThat(next.trim()).isNotEmpty();
        }
    }

    @Test
    void pongsFromTheBrowserDoNotStallReading() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start();
             RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.login("localhost", "alice", "secret");
            raw.sendPong();
            raw.sendPong();
            raw.send("<iq xmlns='jabber:client' type='get' id='after-pong'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(raw.nextContaining("after-pong")).contains("type='result'");
        }
    }

    @Test
    void aClosedSessionReleasesItsConnectionAtOnce() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start()) {
            int before = portico.server().openConnections();
            try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
                raw.login("localhost", "alice", "secret");
                assertThat(portico.server().openConnections()).isEqualTo(before + 1);
                raw.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
                raw.nextContaining("<close");
                raw.awaitClose(Duration.ofSeconds(5));
            }
            // Without reading the browser's close frame the endpoint would linger until the idle timeout.
            await().atMost(Duration.ofSeconds(3)).until(() -> portico.server().openConnections() == before);
        }
    }

    @Test
    void aSessionAbortedForBadInputReleasesItsConnectionAtOnce() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
                .requireEncryption(false).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start()) {
            int before = portico.server().openConnections();
            try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
                raw.login("localhost", "alice", "secret");
                raw.send("<message xmlns='jabber:client'><body>oops</message>");
                raw.nextContaining("<close");
                raw.awaitClose(Duration.ofSeconds(5));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> portico.server().openConnections() == before);
        }
    }
}
