package dev.portico.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.portico.testing.FreePorts;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.Test;

/**
 * The Origin policy on a running Portico: its own origin comes from configuration or the listener, never
 * from the Host header, and stays allowed when partner origins are listed. No upstream is contacted: an
 * accepted upgrade or preflight is the whole answer.
 */
class BrowserOriginTest {

    @Test
    void theOwnWebChatCanConnectWhenPartnerOriginsAreListed() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find())
                .allowedOrigins(List.of("https://partner.example")).start()) {
            // The page Portico itself serves at http://127.0.0.1:PORT/ (was 403 once a partner was listed).
            try (RawWebSocketClient page = RawWebSocketClient.connect(portico.webSocketUri(), portico.baseUrl())) {
                assertThat(page).isNotNull();
            }
            assertThat(preflight(portico, "127.0.0.1:" + portico.port(), portico.baseUrl())).isEqualTo(204);
            assertThat(preflight(portico, "127.0.0.1:" + portico.port(), "https://partner.example")).isEqualTo(204);
            assertThat(preflight(portico, "127.0.0.1:" + portico.port(), "https://evil.example")).isEqualTo(403);
        }
    }

    @Test
    void aRebindingHostHeaderDoesNotMakeAnOriginOurOwn() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find()).start()) {
            // DNS rebinding: the attacker's name now resolves to Portico, so Host and Origin agree.
            String attacker = "rebind.example:" + portico.port();
            assertThat(preflight(portico, attacker, "http://" + attacker)).isEqualTo(403);
            assertThat(preflight(portico, "127.0.0.1:" + portico.port(), "http://127.evil.example")).isEqualTo(403);
            assertThat(preflight(portico, "127.0.0.1:" + portico.port(), "http://localhost:3000")).isEqualTo(204);
        }
    }

    @Test
    void thePublicUrlIsTheOwnOriginAndWhatDiscoveryAdvertises() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.builder("localhost", FreePorts.find())
                .publicUrl("https://chat.example.com/").allowedOrigins(List.of("https://partner.example")).start()) {
            try (RawWebSocketClient page = RawWebSocketClient.connect(portico.webSocketUri(), "https://chat.example.com")) {
                assertThat(page).isNotNull();
            }
            assertThatThrownBy(() -> RawWebSocketClient.connect(portico.webSocketUri(), "https://evil.example"))
                .hasStackTraceContaining("403");

            HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(portico.baseUrl() + "/.well-known/host-meta.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.body()).contains("\"wss://chat.example.com/xmpp-websocket\"")
                .contains("\"https://chat.example.com/http-bind\"");
            HttpResponse<String> xrd = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(portico.baseUrl() + "/.well-known/host-meta")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(xrd.body()).contains("href='wss://chat.example.com/xmpp-websocket'")
                .contains("href='https://chat.example.com/http-bind'");
        }
    }

    /** A BOSH CORS preflight sent over a plain socket, so that the Host header is exactly {@code host}. */
    private static int preflight(PorticoTestServer portico, String host, String origin) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", portico.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("OPTIONS /http-bind HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                + "\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
