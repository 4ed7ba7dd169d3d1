package dev.portico.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.portico.testing.FreePorts;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * Connection-level limits on a running Portico, before any session exists: the per-address cap counts
 * WebSockets from the upgrade and BOSH requests while in flight, and a connection that never opens a
 * stream (or never sends its BOSH body) is ended after {@code limits.open-timeout}. No upstream is
 * contacted.
 */
class ConnectionLimitsTest {

    @Test
    void idleWebSocketsCountAgainstTheAddressFromTheUpgrade() throws Exception {
        List<RawWebSocketClient> idle = new ArrayList<>();
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find())
                .maxConnectionsPerIp(3).openTimeout(Duration.ofMinutes(5)).start()) {
            for (int i = 0; i < 3; i++) {
                idle.add(RawWebSocketClient.connect(portico.webSocketUri(), null));
            }
            assertThatThrownBy(() -> RawWebSocketClient.connect(portico.webSocketUri(), null))
                .hasStackTraceContaining("429");
            assertThat(bosh(portico, "<body rid='1' sid='nope' xmlns='http://jabber.org/protocol/httpbind'/>"))
                .as("BOSH requests share the cap").startsWith("HTTP/1.1 429");

            idle.remove(0).close();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try (RawWebSocketClient again = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
                    assertThat(again.isClosed()).isFalse();
                }
            });
        } finally {
            for (RawWebSocketClient c : idle) {
                c.close();
            }
        }
    }

    @Test
    void aWebSocketThatNeverOpensAStreamIsClosedWithConnectionTimeout() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find())
                .openTimeout(Duration.ofSeconds(1)).start();
             RawWebSocketClient silent = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            assertThat(silent.next(Duration.ofSeconds(30))).startsWith("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
            assertThat(silent.next()).contains("<connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
            assertThat(silent.next()).startsWith("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
            silent.awaitClose(Duration.ofSeconds(10));
        }
    }

    @Test
    void aBoshRequestWhoseBodyNeverArrivesIsAnsweredAndStopsCounting() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find())
                .maxConnectionsPerIp(2).openTimeout(Duration.ofSeconds(1)).start();
             Socket stalled = new Socket("127.0.0.1", portico.port())) {
            stalled.setSoTimeout(30_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /http-bind HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + "Content-Length: 200\r\n\r\n<body rid='1'").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readResponse(stalled.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200").contains("condition='policy-violation'");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(bosh(portico, "<body rid='1' sid='nope' xmlns='http://jabber.org/protocol/httpbind'/>"))
                    .startsWith("HTTP/1.1 200").contains("item-not-found"));
        }
    }

    /** One BOSH POST over a plain socket; the whole response as text. */
    private static String bosh(PorticoTestServer portico, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", portico.port())) {
            socket.setSoTimeout(30_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST /http-bind HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                + "Connection: close\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** Reads until the peer closes or a complete response with a body has arrived. */
    private static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) > 0) {
            all.write(chunk, 0, n);
            String text = all.toString(StandardCharsets.UTF_8);
            int headerEnd = text.indexOf("\r\n\r\n");
            int length = text.indexOf("Content-Length: ");
            if (headerEnd > 0 && length > 0 && length < headerEnd) {
                int declared = Integer.parseInt(text.substring(length + 16, text.indexOf("\r\n", length)).trim());
                if (all.size() >= headerEnd + 4 + declared) {
                    break;
                }
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
