package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.testing.SmackClients;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 10 against a real Prosody: wrong passwords from one address end its guessing session at
 * the limit and refuse its new sessions, with a {@code policy-violation} that says why; other addresses
 * (told apart here by {@code X-Forwarded-For} from a trusted proxy) log in as usual.
 */
class PasswordGuessingTest {
    private static final int LIMIT = 3;
    private static ProsodyServer prosody;
    private static PorticoTestServer portico;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
            .requireEncryption(false).start();
        portico = PorticoTestServer.inFrontOf(prosody).authFailuresPerIpPerHour(LIMIT)
            .trustedProxies(List.of("127.0.0.1")).start();
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
    void wrongPasswordsUpToTheLimitEndTheSessionAndRefuseNewOnes() throws Exception {
        String guesser = "198.51.100.7";
        try (RawWebSocketClient c = from(guesser)) {
            open(c);
            for (int i = 1; i < LIMIT; i++) {
                c.send(plain("alice", "guess" + i));
                assertThat(c.next()).as("failure %d reaches the browser", i)
                    .contains("<failure", "not-authorized");
            }
            c.send(plain("alice", "guess" + LIMIT));
            String error = c.nextContaining("stream:error");
            assertThat(error).contains("policy-violation", "too many failed logins from your address");
            assertThat(c.nextContaining("<close")).contains("urn:ietf:params:xml:ns:xmpp-framing");
        }

        // Even the right password gets no new session from that address now.
        try (RawWebSocketClient c = from(guesser)) {
            c.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            String error = c.nextContaining("stream:error");
            assertThat(error).contains("policy-violation").containsPattern("try again in \\d+ s");
        }

        // Another address logs in with the right password, and a client not behind the proxy too.
        try (RawWebSocketClient other = from("198.51.100.8")) {
            assertThat(other.login("localhost", "alice", "secret")).startsWith("alice@localhost/");
        }
    }

    @Test
    void smackLoggingInWithAWrongPasswordFromALockedAddressIsRefused() throws Exception {
        String guesser = "192.0.2.44";
        for (int i = 0; i < LIMIT; i++) {
            try (RawWebSocketClient c = from(guesser)) {
                open(c);
                c.send(plain("alice", "nope"));
                c.nextContaining(i < LIMIT - 1 ? "<failure" : "stream:error");
            }
        }
        // Smack connects directly (127.0.0.1, not locked): it logs in; the guesser's address stays refused.
        ModularXmppClientToServerConnection smack = SmackClients.webSocket(portico.webSocketUri().toString(),
            "localhost", "alice", "secret");
        try {
            smack.connect().login();
            assertThat(smack.isAuthenticated()).isTrue();
        } finally {
            smack.disconnect();
        }
        try (RawWebSocketClient c = from(guesser)) {
            c.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(c.nextContaining("stream:error")).contains("too many failed logins");
        }
        assertThatThrownBy(() -> {
            try (RawWebSocketClient c = from(guesser)) {
                c.login("localhost", "alice", "secret");
            }
        }).isInstanceOf(AssertionError.class);
    }

    private static RawWebSocketClient from(String address) throws Exception {
        return RawWebSocketClient.connect(portico.webSocketUri(), null, "xmpp", Map.of("X-Forwarded-For", address));
    }

    private static void open(RawWebSocketClient c) throws Exception {
        c.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
        c.nextContaining("<open");
        c.nextContaining("mechanisms");
    }

    private static String plain(String user, String password) {
        String b64 = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + b64 + "</auth>";
    }
}
