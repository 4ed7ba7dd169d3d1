package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.portico.testing.GatewayStack;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.testing.SmackClients;
import dev.portico.testing.XmppServerKind;
import dev.portico.testing.XmppServerSetup;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad browser input gets its RFC 6120 stream error and a {@code <close/>}, the session
 * is removed, nothing partial reaches the server, and a second, healthy session keeps chatting; once per
 * server (Prosody, ejabberd) behind Portico.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(XmppServerKind.class)
class WebSocketBadInputTest {
    private static final int MAX_STANZA = 4096;
    /** Below the stanza limit, so that both limits are seen to apply. */
    private static final int MAX_FRAME = 3000;
    private static GatewayStack stack;
    private static PorticoTestServer portico;
    private static ModularXmppClientToServerConnection alice;
    private static ModularXmppClientToServerConnection bob;
    private static final BlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();

    private final XmppServerKind kind;

    WebSocketBadInputTest(XmppServerKind kind) {
        this.kind = kind;
    }

    @BeforeParameterizedClassInvocation
    static void start(XmppServerKind kind) throws Exception {
        bobInbox.clear();
        stack = GatewayStack.start(kind, XmppServerSetup.localhost().users("alice", "bob", "carol")
            .rosterBoth("alice", "bob", "Friends"), b -> b.maxStanzaSize(MAX_STANZA).maxFrameSize(MAX_FRAME));
        portico = stack.portico();
        alice = SmackClients.webSocket(portico.webSocketUri().toString(), "localhost", "alice", "secret", null);
        bob = SmackClients.webSocket(portico.webSocketUri().toString(), "localhost", "bob", "secret", null);
        alice.connect().login();
        bob.connect().login();
        bob.addAsyncStanzaListener(s -> bobInbox.add((Message) s), MessageTypeFilter.CHAT);
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        if (alice != null) {
            alice.disconnect();
        }
        if (bob != null) {
            bob.disconnect();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static Stream<Arguments> badFrames() {
        String big = "<message xmlns='jabber:client' to='bob@localhost'><body>" + "x".repeat(MAX_STANZA) + "</body></message>";
        return Stream.of(
            Arguments.of("not well-formed", "<message xmlns='jabber:client'><body>hi</message>", "not-well-formed"),
            Arguments.of("DOCTYPE", "<!DOCTYPE message [<!ENTITY x 'boom'>]><message xmlns='jabber:client'/>", "restricted-xml"),
            Arguments.of("undeclared entity", "<message xmlns='jabber:client' to='bob@localhost'><body>&lol;</body></message>", "restricted-xml"),
            Arguments.of("processing instruction", "<message xmlns='jabber:client'><?evil stuff?></message>", "restricted-xml"),
            Arguments.of("comment", "<message xmlns='jabber:client'><!-- hidden --></message>", "restricted-xml"),
            Arguments.of("two elements in one frame", "<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>", "not-well-formed"),
            Arguments.of("closing stream tag smuggled in", "<message xmlns='jabber:client'></stream:stream>", "not-well-formed"),
            Arguments.of("stream header smuggled in", "<message xmlns='jabber:client'><stream:stream xmlns:stream='http://etherx.jabber.org/streams'/></message>", "invalid-xml"),
            Arguments.of("over max stanza size", big, "policy-violation"),
            Arguments.of("over max frame size", "<message xmlns='jabber:client' to='bob@localhost'><body>"
                + "x".repeat(MAX_FRAME) + "</body></message>", "policy-violation"),
            Arguments.of("far over every limit (Jetty's own would close with a bare 1009)",
                "<message xmlns='jabber:client' to='bob@localhost'><body>" + "x".repeat(64 * MAX_STANZA)
                + "</body></message>", "policy-violation"),
            Arguments.of("control character", "<message xmlns='jabber:client' to='bob@localhost'><body>a\u0001b</body></message>", "not-well-formed"),
            Arguments.of("XML 1.1 declaration", "<?xml version='1.1'?><message xmlns='jabber:client' to='bob@localhost'/>", "unsupported-version"),
            Arguments.of("wrong framing namespace", "<close xmlns='urn:example:wrong'/>", "invalid-namespace"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badFrames")
    void badFrameGetsStreamErrorAndCloseWhileOthersKeepChatting(String kind, String frame, String condition) throws Exception {
        int before = portico.server().sessions().size();
        try (RawWebSocketClient carol = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            carol.login("localhost", "carol", "secret");
            assertThat(portico.server().sessions().size()).isEqualTo(before + 1);
            carol.send(frame);
            String error = carol.nextContaining("<stream:error");
            assertThat(error).contains("<" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                .contains("xmlns:stream='http://etherx.jabber.org/streams'");
            assertThat(carol.next()).startsWith("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
            carol.awaitClose(Duration.ofSeconds(5));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> portico.server().sessions().size() == before);

        String body = "still here after " + kind;
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("bob@localhost")
            .ofType(Message.Type.chat).setBody(body).build());
        Message received = bobInbox.poll(10, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.getBody()).isEqualTo(body);
        assertThat(alice.isAuthenticated()).isTrue();
        assertThat(bob.isAuthenticated()).isTrue();
    }
}
