package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.EjabberdServer;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PROXY protocol v2 on upstream connections ({@code upstream.domains.D.proxy-protocol}): ejabberd, with
 * {@code use_proxy_protocol: true} on its c2s listener, sees, logs and limits each browser by its own address
 * (taken from {@code X-Forwarded-For} of a trusted proxy) instead of Portico's; the exact bytes and their place
 * on the wire (before the stream, before a direct TLS handshake), and that a domain without the setting never
 * sends them, are checked on a bare socket.
 */
class ProxyProtocolUpstreamTest {
    private static final String OPEN = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>";
    private static EjabberdServer ejabberd;
    private static PorticoTestServer portico;

    @BeforeAll
    static void start() throws Exception {
        ejabberd = EjabberdServer.builder().users("alice", "bob").proxyProtocol(true).maxAuthFailures(2).start();
        portico = PorticoTestServer.builder("localhost", ejabberd.proxyProtocolPort()).proxyProtocol(true)
            .trustStore(ejabberd.trustStorePkcs12(), ejabberd.trustStorePassword())
            .trustedProxies(List.of("127.0.0.1")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (portico != null) {
            portico.close();
        }
        if (ejabberd != null) {
            ejabberd.close();
        }
    }

    private static RawWebSocketClient browserAt(PorticoTestServer gateway, String address) throws Exception {
        return RawWebSocketClient.connect(gateway.webSocketUri(), null, "xmpp", Map.of("X-Forwarded-For", address));
    }

    @Test
    void ejabberdSeesAndLogsTheBrowsersAddressNotPorticos() throws Exception {
        long logStart = ejabberd.logSize();
        try (RawWebSocketClient alice = browserAt(portico, "203.0.113.7")) {
            assertThat(alice.login("localhost", "alice", "secret")).isEqualTo("alice@localhost/raw");
            String sessions = ejabberd.ctl(List.of(List.of("connected_users_info")));
            assertThat(sessions).contains("alice@localhost/raw").contains("203.0.113.7").doesNotContain("127.0.0.1");
        }
        assertThat(ejabberd.logFrom(logStart)).contains("authentication for alice@localhost")
            .containsPattern("authentication for alice@localhost.* from (::ffff:)?203\\.0\\.113\\.7");
    }

    @Test
    void ejabberdBansTheGuessingBrowserAndStillLetsOthersIn() throws Exception {
        try (RawWebSocketClient guesser = browserAt(portico, "198.51.100.9")) {
            assertThat(guessBobsPassword(guesser)).contains("<failure").contains("not-authorized");
        }
        // mod_fail2ban counts failures per source address: the second one from the same browser bans it ...
        try (RawWebSocketClient guesser = browserAt(portico, "198.51.100.9")) {
            assertThat(guessBobsPassword(guesser)).startsWith("<stream:error").contains("policy-violation")
                .contains("failed authentications from this IP address (198.51.100.9)");
        }
        // ... and its next stream is refused as soon as it opens ...
        try (RawWebSocketClient guesser = browserAt(portico, "198.51.100.9")) {
            guesser.send(OPEN);
            assertThat(guesser.nextContaining("<stream:error")).contains("policy-violation").contains("198.51.100.9");
        }
        // ... while another browser behind the same Portico (the same TCP peer for ejabberd) logs in.
        try (RawWebSocketClient bob = browserAt(portico, "203.0.113.8")) {
            assertThat(bob.login("localhost", "bob", "secret")).isEqualTo("bob@localhost/raw");
        }
    }

    @Test
    void theHeaderIsTheFirstBytesOnTheWireThenTheStream() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PorticoTestServer gateway = PorticoTestServer.builder("localhost", fake.getLocalPort()).proxyProtocol(true)
                 .trustedProxies(List.of("127.0.0.1")).start();
             RawWebSocketClient browser = browserAt(gateway, "203.0.113.7")) {
            browser.send(OPEN);
            try (Socket upstream = fake.accept()) {
                byte[] first = firstBytes(upstream, 29);
                String portico = HexFormat.of().toHexDigits((short) upstream.getPort());
                assertThat(HexFormat.of().formatHex(first, 0, 28)).isEqualTo("0d0a0d0a000d0a515549540a" + "21" + "11"
                    + "000c" + "cb007107" + "7f000001" + "0000" + portico);
                assertThat((char) first[28]).isEqualTo('<');
            }
        }
    }

    @Test
    void withDirectTlsTheHeaderComesBeforeTheTlsHandshake() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PorticoTestServer gateway = PorticoTestServer.builder("localhost", fake.getLocalPort()).proxyProtocol(true)
                 .tls(TlsPolicy.DIRECT).trustedProxies(List.of("127.0.0.1")).start();
             RawWebSocketClient browser = browserAt(gateway, "203.0.113.7")) {
            browser.send(OPEN);
            try (Socket upstream = fake.accept()) {
                byte[] first = firstBytes(upstream, 30);
                assertThat(HexFormat.of().formatHex(first, 0, 24)).isEqualTo("0d0a0d0a000d0a515549540a" + "21" + "11"
                    + "000c" + "cb007107" + "7f000001");
                // Then a TLS record of type handshake (22), version 3.x: the ClientHello, not before.
                assertThat(first[28]).isEqualTo((byte) 0x16);
                assertThat(first[29]).isEqualTo((byte) 0x03);
            }
        }
    }

    @Test
    void aDomainWithoutTheSettingNeverSendsTheHeader() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PorticoTestServer gateway = PorticoTestServer.builder("localhost", fake.getLocalPort())
                 .trustedProxies(List.of("127.0.0.1")).start();
             RawWebSocketClient browser = browserAt(gateway, "203.0.113.7")) {
            browser.send(OPEN);
            try (Socket upstream = fake.accept()) {
                String first = new String(firstBytes(upstream, 13), StandardCharsets.ISO_8859_1);
                assertThat(first).matches("<\\?xml.*|<stream:stream.*");
            }
        }
    }

    /** Opens a stream and tries PLAIN with a wrong password for bob; returns the server's answer. */
    private static String guessBobsPassword(RawWebSocketClient browser) throws Exception {
        browser.send(OPEN);
        browser.nextContaining("<mechanisms");
        browser.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
            + Base64.getEncoder().encodeToString("\0bob\0guess".getBytes(StandardCharsets.UTF_8)) + "</auth>");
        return browser.next();
    }

    private static byte[] firstBytes(Socket socket, int count) throws Exception {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        return in.readNBytes(count);
    }
}
