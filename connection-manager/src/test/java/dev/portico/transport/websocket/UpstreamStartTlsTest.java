package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.GatewayStack;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.testing.SmackClients;
import dev.portico.testing.XmppServerKind;
import dev.portico.testing.XmppServerSetup;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server requiring STARTTLS (Prosody, then ejabberd): Portico negotiates it itself with a test trust store;
 * browsers log in over plain ws.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(XmppServerKind.class)
class UpstreamStartTlsTest {
    private static GatewayStack stack;
    private static PorticoTestServer portico;

    private final XmppServerKind kind;

    UpstreamStartTlsTest(XmppServerKind kind) {
        this.kind = kind;
    }

    @BeforeParameterizedClassInvocation
    static void start(XmppServerKind kind) throws Exception {
        stack = GatewayStack.start(kind, XmppServerSetup.localhost().users("alice", "bob").requireEncryption(true),
            b -> b.tls(TlsPolicy.REQUIRED));
        portico = stack.portico();
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
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
            // Both servers offer SASL only on an encrypted stream here, so seeing mechanisms proves TLS is up.
            assertThat(features).contains("<mechanisms").doesNotContain("starttls");
        }
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            assertThat(raw.login("localhost", "alice", "secret")).startsWith("alice@localhost/");
        }
    }
}
