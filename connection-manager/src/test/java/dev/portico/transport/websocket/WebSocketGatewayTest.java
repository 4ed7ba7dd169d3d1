package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.portico.testing.GatewayStack;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.testing.SmackClients;
import dev.portico.testing.XmppServerKind;
import dev.portico.testing.XmppServerSetup;
import dev.portico.testing.XmppTestServer;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.jxmpp.jid.impl.JidCreate;

/**
 * RFC 7395 through Portico to a real XMPP server, once per server (Prosody, ejabberd), with real clients:
 * Smack's WebSocket module for full logins and chat, raw Jetty WebSocket frames where the exact wire form
 * matters. Where the servers differ, the test says how.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(XmppServerKind.class)
class WebSocketGatewayTest {
    private static GatewayStack stack;
    private static XmppTestServer server;
    private static PorticoTestServer portico;
    private final XmppServerKind kind;

    WebSocketGatewayTest(XmppServerKind kind) {
        this.kind = kind;
    }

    @BeforeParameterizedClassInvocation
    static void start(XmppServerKind kind) throws Exception {
        stack = GatewayStack.start(kind, XmppServerSetup.localhost().users("alice", "bob", "carol")
            .rosterBoth("alice", "bob", "Friends"));
        server = stack.server();
        portico = stack.portico();
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static ModularXmppClientToServerConnection smack(String user, String mechanism) {
        return SmackClients.webSocket(portico.webSocketUri().toString(), server.domain(), user, "secret", mechanism);
    }

    @Test
    void aliceWithScramAndBobWithPlainGetRosterPresenceAndMessagesBothWays() throws Exception {
        ModularXmppClientToServerConnection alice = smack("alice", SmackClients.SCRAM_SHA_1);
        ModularXmppClientToServerConnection bob = smack("bob", SmackClients.PLAIN);
        try {
            alice.connect().login();
            bob.connect().login();
            assertThat(alice.getUser().asBareJid().toString()).isEqualTo("alice@localhost");
            assertThat(bob.getUser().asBareJid().toString()).isEqualTo("bob@localhost");

            Roster aliceRoster = Roster.getInstanceFor(alice);
            aliceRoster.reloadAndWait();
            RosterEntry bobEntry = aliceRoster.getEntry(JidCreate.bareFrom("bob@localhost"));
            assertThat(bobEntry).isNotNull();
            assertThat(bobEntry.getType()).isEqualTo(RosterPacket.ItemType.both);
            assertThat(bobEntry.getGroups()).extracting(g -> g.getName()).contains("Friends");

            Roster bobRoster = Roster.getInstanceFor(bob);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                bobRoster.getPresence(JidCreate.bareFrom("alice@localhost")).isAvailable()
                    && aliceRoster.getPresence(JidCreate.bareFrom("bob@localhost")).isAvailable());
            bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available)
                .setMode(Presence.Mode.away).setStatus("at lunch").build());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                "at lunch".equals(aliceRoster.getPresence(JidCreate.bareFrom("bob@localhost")).getStatus()));

            BlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();
            BlockingQueue<Message> aliceInbox = new LinkedBlockingQueue<>();
            bob.addAsyncStanzaListener(s -> bobInbox.add((Message) s), MessageTypeFilter.CHAT);
            alice.addAsyncStanzaListener(s -> aliceInbox.add((Message) s), MessageTypeFilter.CHAT);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("bob@localhost")
                .ofType(Message.Type.chat).setBody("hello bob, héllo 日本 🎉").build());
            Message atBob = bobInbox.poll(10, TimeUnit.SECONDS);
            assertThat(atBob).isNotNull();
            assertThat(atBob.getBody()).isEqualTo("hello bob, héllo 日本 🎉");
            assertThat(atBob.getFrom().asBareJid().toString()).isEqualTo("alice@localhost");

            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to("alice@localhost")
                .ofType(Message.Type.chat).setBody("hi alice <&>").build());
            Message atAlice = aliceInbox.poll(10, TimeUnit.SECONDS);
            assertThat(atAlice).isNotNull();
            assertThat(atAlice.getBody()).isEqualTo("hi alice <&>");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> portico.server().sessions().size() == 0);
    }

    @Test
    void streamRestartAfterSaslSuccessOpensANewStreamOfferingBind() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            raw.nextContaining("<open");
            raw.nextContaining("<mechanisms");
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString("\0carol\0secret".getBytes(StandardCharsets.UTF_8)) + "</auth>");
            assertThat(raw.next()).startsWith("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'");
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertThat(raw.next()).startsWith("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
            String features = raw.next();
            assertThat(features).startsWith("<stream:features").contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'")
                .doesNotContain("<mechanisms");
            // ejabberd (mod_stream_mgmt on, as in a stock install) offers XEP-0198 here; the Prosody
            // fixture runs without mod_smacks, so it does not.
            if (kind == XmppServerKind.EJABBERD) {
                assertThat(features).contains("<sm xmlns='urn:xmpp:sm:3'/>");
            } else {
                assertThat(features).doesNotContain("urn:xmpp:sm:");
            }
            raw.send("<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<resource>restart</resource></bind></iq>");
            assertThat(raw.nextContaining("id='b1'")).contains("<jid>carol@localhost/restart</jid>");
        }
    }

    @Test
    void everyFrameStandsAloneAndTheBrowserNeverSeesStartTls() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), "http://127.0.0.1:1234")) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            String open = raw.next();
            assertThat(open).startsWith("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'")
                .contains("from='localhost'").contains("version='1.0'").contains(" id='");
            String features = raw.next();
            assertThat(features).startsWith("<stream:features")
                .contains("xmlns:stream='http://etherx.jabber.org/streams'")
                .contains("urn:ietf:params:xml:ns:xmpp-sasl")
                .doesNotContain("starttls");
            // ejabberd, whose upstream stream Portico has encrypted, also offers SCRAM-SHA-1-PLUS (and its
            // channel-binding types); Portico removes them, since channel binding cannot work through a
            // gateway (the browser's TLS ends at Portico). Prosody 0.12 offers no -PLUS variant here.
            List<String> mechanisms = Pattern.compile("<mechanism>([^<]+)</mechanism>").matcher(features).results()
                .map(m -> m.group(1)).toList();
            assertThat(mechanisms).containsExactlyInAnyOrder("SCRAM-SHA-1", "PLAIN");
            assertThat(features).doesNotContain("urn:xmpp:sasl-cb:0");
            raw.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
            assertThat(raw.next()).startsWith("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
            assertThat(raw.awaitClose(Duration.ofSeconds(5))).isEqualTo(StatusCode.NORMAL);
        }
    }

    @Test
    void cleanCloseIsAnsweredWithCloseAndTheSessionIsGone() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.login("localhost", "carol", "secret");
            raw.send("<iq xmlns='jabber:client' type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>");
            String roster = raw.nextContaining("id='r1'");
            assertThat(roster).contains("xmlns='jabber:client'").contains("jabber:iq:roster");
            raw.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
            assertThat(raw.nextContaining("<close")).contains("urn:ietf:params:xml:ns:xmpp-framing");
            assertThat(raw.awaitClose(Duration.ofSeconds(5))).isEqualTo(StatusCode.NORMAL);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> portico.server().sessions().size() == 0);
    }

    @Test
    void aStreamErrorFromTheServerIsForwardedStandaloneThenClose() throws Exception {
        // Binding the same resource twice makes the server end the older stream with <conflict/>.
        try (RawWebSocketClient first = RawWebSocketClient.connect(portico.webSocketUri(), null);
             RawWebSocketClient second = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            first.login("localhost", "carol", "secret");
            second.login("localhost", "carol", "secret");
            String error = first.nextContaining("<stream:error");
            assertThat(error).contains("xmlns:stream='http://etherx.jabber.org/streams'")
                .contains("<conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'");
            // Both explain it in the same words; only ejabberd labels the text's language.
            assertThat(error).contains(switch (kind) {
                case PROSODY -> "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text>";
                case EJABBERD -> "<text xml:lang='en' xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text>";
            });
            assertThat(first.next()).startsWith("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
            first.awaitClose(Duration.ofSeconds(5));
            second.send("<iq xmlns='jabber:client' type='get' id='still'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(second.nextContaining("id='still'")).contains("type='result'");
        }
    }

    @Test
    void aStanzaFragmentedInsideAMultiByteCharacterArrivesWholeAndPingsAreAnswered() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            String jid = raw.login("localhost", "carol", "secret");
            raw.sendPing(new byte[] {1, 2, 3});
            assertThat(raw.nextPong(Duration.ofSeconds(10))).containsExactly(1, 2, 3);
            // Frames are raw bytes to Portico: the splits fall inside the two bytes of 'é' and the three of '日'.
            String message = "<message xmlns='jabber:client' to='" + jid + "' id='frag'><body>é日</body></message>";
            int e = message.indexOf('é');
            raw.sendFragmented(message, e + 1, e + 3);
            String echoed = raw.nextContaining("id='frag'");
            assertThat(echoed).contains("<body>é日</body>");
            raw.sendPing(new byte[0]);
            assertThat(raw.nextPong(Duration.ofSeconds(10))).isEmpty();
        }
    }

    @Test
    void aBinaryFrameEndsTheSessionWithUnsupportedEncoding() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.login("localhost", "carol", "secret");
            raw.sendBinary("<presence/>".getBytes(StandardCharsets.UTF_8));
            assertThat(raw.nextContaining("<stream:error")).contains("<unsupported-encoding");
            assertThat(raw.nextContaining("<close")).contains("urn:ietf:params:xml:ns:xmpp-framing");
            assertThat(raw.awaitClose(Duration.ofSeconds(5))).isEqualTo(StatusCode.NORMAL);
        }
    }

    @Test
    void aDomainThatIsNotConfiguredGetsHostUnknown() throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            raw.send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='evil.example' version='1.0'/>");
            assertThat(raw.next()).startsWith("<open");
            String error = raw.next();
            assertThat(error).contains("<stream:error").contains("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
            assertThat(raw.next()).startsWith("<close");
            raw.awaitClose(Duration.ofSeconds(5));
        }
        var metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(portico.baseUrl() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("portico_stream_errors_total\\{condition=\"host-unknown\"\\} [1-9]")
            .contains("portico_sessions_active{transport=\"websocket\"}");
    }

    @Test
    void aForeignBrowserOriginIsRefusedWith403() {
        assertThatThrownBy(() -> RawWebSocketClient.connect(portico.webSocketUri(), "https://evil.example"))
            .hasStackTraceContaining("403");
    }

    @Test
    void anUpgradeWithoutTheXmppSubprotocolIsRefused() {
        assertThatThrownBy(() -> RawWebSocketClient.connect(portico.webSocketUri(), null, null))
            .hasStackTraceContaining("400");
    }

    @Test
    void discoveryAndHealthEndpointsAnswer() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(portico.baseUrl() + "/healthz")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        var hostMeta = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(portico.baseUrl() + "/.well-known/host-meta.json")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(hostMeta.body()).contains("urn:xmpp:alt-connections:websocket")
            .contains("ws://127.0.0.1:" + portico.port() + "/xmpp-websocket");
    }
}
