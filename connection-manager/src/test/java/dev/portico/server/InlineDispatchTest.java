package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.portico.testing.GatewayStack;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.testing.XmppServerKind;
import dev.portico.testing.XmppServerSetup;
import dev.portico.transport.bosh.RawBoshClient;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A relayed stanza costs no thread hand-off on the browser side: the selector thread that reads a
 * WebSocket frame or a BOSH request runs it itself (Jetty's "produce-consume"), instead of waking another
 * thread per event, which on a virtual machine cost more CPU than the relay (issue 10). Counted with the
 * listener's own execution-strategy counters, so the result does not depend on the machine's speed.
 */
class InlineDispatchTest {
    private static final int MESSAGES = 60;
    private static GatewayStack stack;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        stack = GatewayStack.start(XmppServerKind.PROSODY, XmppServerSetup.localhost().users("alice", "bob"));
        http = new HttpClient();
        http.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static PorticoServer portico() {
        return stack.portico().server();
    }

    @Test
    void theServerDeclaresRequestHandlingNonBlocking() {
        assertThat(portico().handlesRequestsInline()).isTrue();
    }

    @Test
    void webSocketFramesAreRunByTheSelectorThatReadThem() throws Exception {
        String domain = stack.server().domain();
        try (RawWebSocketClient alice = RawWebSocketClient.connect(stack.portico().webSocketUri(), null);
             RawWebSocketClient bob = RawWebSocketClient.connect(stack.portico().webSocketUri(), null)) {
            alice.login(domain, "alice", "secret");
            String bobJid = bob.login(domain, "bob", "secret");
            SelectorDispatch before = portico().selectorDispatch();
            for (int i = 0; i < MESSAGES; i++) {
                alice.send("<message xmlns='jabber:client' to='" + bobJid + "' type='chat' id='ws" + i + "'>"
                    + "<body>m" + i + "</body></message>");
                // One at a time: every frame is its own read event, as in sparse real traffic.
                assertThat(bob.nextContaining("id='ws" + i + "'")).contains("<body>m" + i + "</body>");
            }
            SelectorDispatch during = portico().selectorDispatch().since(before);
            // A frame that is already there when the previous one's upstream write completes is read by
            // that completion, without a selector event; so count at least half, not one per frame.
            assertThat(during.inline()).as("frames run in the selector thread").isGreaterThanOrEqualTo(MESSAGES / 2);
            assertThat(during.handedOff()).as("events handed to another thread").isLessThan(MESSAGES / 10);
        }
    }

    @Test
    void boshRequestsAreRunByTheSelectorThatReadThem() throws Exception {
        String domain = stack.server().domain();
        RawBoshClient alice = new RawBoshClient(http, stack.portico().baseUrl() + "/http-bind");
        try (RawWebSocketClient bob = RawWebSocketClient.connect(stack.portico().webSocketUri(), null)) {
            String aliceJid = alice.login(domain, "alice", "secret", 30);
            bob.login(domain, "bob", "secret");
            SelectorDispatch before = portico().selectorDispatch();
            for (int i = 0; i < MESSAGES; i++) {
                bob.send("<message xmlns='jabber:client' to='" + aliceJid + "' type='chat' id='bosh" + i + "'>"
                    + "<body>m" + i + "</body></message>");
                // Each message answers alice's held request; she then sends the next one (a new read event).
                assertThat(alice.sendUntil("", "", "id='bosh" + i + "'")).contains("<body>m" + i + "</body>");
            }
            SelectorDispatch during = portico().selectorDispatch().since(before);
            assertThat(during.inline()).as("requests run in the selector thread").isGreaterThanOrEqualTo(MESSAGES / 2);
            assertThat(during.handedOff()).as("events handed to another thread").isLessThan(MESSAGES / 10);
            alice.send("type='terminate'", "");
        }
    }
}
