package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.testing.GatewayStack;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.SmackClients;
import dev.portico.testing.XmppServerKind;
import dev.portico.testing.XmppServerSetup;
import dev.portico.testing.XmppTestServer;
import org.eclipse.jetty.client.HttpClient;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0124/0206 through Portico to a real XMPP server, once per server (Prosody, ejabberd): Smack's BOSH
 * module for full logins and chat, raw bodies over Jetty's HttpClient where the exact wire form matters.
 * The HTTP surface that does not depend on the server is in {@link BoshHttpEndpointTest}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(XmppServerKind.class)
class BoshGatewayTest {
    private static GatewayStack stack;
    private static XmppTestServer server;
    private static PorticoTestServer portico;
    private static HttpClient http;
    private static String url;

    private final XmppServerKind kind;

    BoshGatewayTest(XmppServerKind kind) {
        this.kind = kind;
    }

    @BeforeParameterizedClassInvocation
    static void start(XmppServerKind kind) throws Exception {
        stack = GatewayStack.start(kind, XmppServerSetup.localhost().users("alice", "bob", "carol", "dave")
            .rosterBoth("alice", "bob", "Friends").rosterBoth("carol", "dave", null));
        server = stack.server();
        portico = stack.portico();
        http = new HttpClient();
        http.setIdleTimeout(120_000); // held requests are idle on the wire for up to 'wait'
        http.start();
        url = portico.baseUrl() + "/http-bind";
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        try {
            if (http != null) {
                http.stop();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    private static XMPPBOSHConnection smack(String user, String mechanism) {
        return SmackClients.bosh("127.0.0.1", portico.port(), "/http-bind", server.domain(), user, "secret", mechanism);
    }

    private static RawBoshClient raw() {
        return new RawBoshClient(http, url);
    }

    @Test
    void smackLogsInWithRestartGetsRosterPresenceAndMessagesBothWays() throws Exception {
        XMPPBOSHConnection alice = smack("alice", SmackClients.SCRAM_SHA_1);
        XMPPBOSHConnection bob = smack("bob", SmackClients.PLAIN);
        try {
            alice.connect().login();
            bob.connect().login();
            assertThat(alice.getUser().asBareJid().toString()).isEqualTo("alice@localhost");
            assertThat(bob.getUser().asBareJid().toString()).isEqualTo("bob@localhost");

            Roster aliceRoster = Roster.getInstanceFor(alice);
            aliceRoster.reloadAndWait();
            RosterEntry bobEntry = aliceRoster.getEntry(JidCreate.bareFrom("bob@localhost"));
            assertThat(bobEntry).isNotNull();
            assertThat(bobEntry.getGroups()).extracting(g -> g.getName()).contains("Friends");

            bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available)
                .setMode(Presence.Mode.away).setStatus("at lunch").build());
            await().atMost(Duration.ofSeconds(15)).until(() ->
                "at lunch".equals(aliceRoster.getPresence(JidCreate.bareFrom("bob@localhost")).getStatus()));

            BlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();
            BlockingQueue<Message> aliceInbox = new LinkedBlockingQueue<>();
            bob.addAsyncStanzaListener(s -> bobInbox.add((Message) s), MessageTypeFilter.CHAT);
            alice.addAsyncStanzaListener(s -> aliceInbox.add((Message) s), MessageTypeFilter.CHAT);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to("bob@localhost")
                .ofType(Message.Type.chat).setBody("hello bob, héllo 日本 🎉").build());
            Message atBob = bobInbox.poll(15, TimeUnit.SECONDS);
            assertThat(atBob).isNotNull();
            assertThat(atBob.getBody()).isEqualTo("hello bob, héllo 日本 🎉");
            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to("alice@localhost")
                .ofType(Message.Type.chat).setBody("hi alice <&>").build());
            Message atAlice = aliceInbox.poll(15, TimeUnit.SECONDS);
            assertThat(atAlice).isNotNull();
            assertThat(atAlice.getBody()).isEqualTo("hi alice <&>");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void terminateWithPayloadDeliversTheUnavailablePresence() throws Exception {
        XMPPTCPConnection dave = SmackClients.tcp(server, "dave");
        dave.connect().login();
        try {
            Roster daveRoster = Roster.getInstanceFor(dave);
            RawBoshClient carol = raw();
            carol.login("localhost", "carol", "secret", 10);
            carol.send("", "<presence xmlns='jabber:client'><status>here</status></presence>");
            await().atMost(Duration.ofSeconds(15)).until(() ->
                daveRoster.getPresence(JidCreate.bareFrom("carol@localhost")).isAvailable());
            String end = carol.send("type='terminate'",
                "<presence type='unavailable' xmlns='jabber:client'><status>gone via BOSH</status></presence>");
            assertThat(end).contains("type='terminate'");
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Presence p = daveRoster.getPresence(JidCreate.bareFrom("carol@localhost"));
                return !p.isAvailable() && "gone via BOSH".equals(p.getStatus());
            });
            assertThat(carol.send("", "")).contains("condition='item-not-found'");
        } finally {
            dave.disconnect();
        }
    }

    @Test
    void aReplayedRidReturnsTheIdenticalCachedResponse() throws Exception {
        RawBoshClient carol = raw();
        carol.login("localhost", "carol", "secret", 10);
        long r = carol.rid;
        String request = carol.body(r, "", "<iq type='get' id='roster1' xmlns='jabber:client'>"
            + "<query xmlns='jabber:iq:roster'/></iq>");
        String first = carol.postRaw(request).getContentAsString();
        String again = carol.postRaw(request).getContentAsString();
        assertThat(first).contains("roster1");
        assertThat(again).isEqualTo(first);
        carol.rid = r + 1;
        carol.send("type='terminate'", "");
    }

    @Test
    // A response Portico never sends would block the raw client for ever: fail instead of hanging the build.
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void droppedResponsesAreRecoveredByResendingTheRidWithNothingLostOrDuplicated() throws Exception {
        XMPPTCPConnection bob = SmackClients.tcp(server, "bob");
        List<String> bobGot = new CopyOnWriteArrayList<>();
        bob.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            bobGot.add(m.getBody());
            try {
                bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(m.getFrom()).ofType(Message.Type.chat)
                    .setBody("echo " + m.getBody()).build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, MessageTypeFilter.CHAT);
        bob.connect().login();
        // To bob's bound resource, not his bare JID: Smack's initial presence may still be on its way when
        // login() returns, and ejabberd bounces a message to a bare JID with no available resource
        // (service-unavailable, "User session not found"); a full JID is routed as soon as it is bound.
        String bobFullJid = bob.getUser().toString();
        try {
            RawBoshClient alice = raw();
            alice.login("localhost", "alice", "secret", 10);
            Random random = new Random(42);
            List<String> echoes = new ArrayList<>();
            int dropped = 0;
            int idle = 0;
            List<String> unexpected = new ArrayList<>();
            Pattern echo = Pattern.compile("<body>(echo [^<]*)</body>");
            for (int i = 1; i <= 200 || echoes.size() < 200; i++) {
                String payload = i <= 200 ? "<message to='" + bobFullJid + "' type='chat' xmlns='jabber:client'><body>m"
                    + i + "</body></message>" : "";
                String request = alice.body(alice.rid++, "", payload);
                String response = alice.postRaw(request).getContentAsString();
                if (random.nextInt(10) == 0) {
                    dropped++; // lost on the way: the client re-sends the same request
                    String again = alice.postRaw(request).getContentAsString();
                    assertThat(again).isEqualTo(response);
                    response = again;
                }
                assertThat(response).doesNotContain("type='terminate'");
                Matcher m = echo.matcher(response);
                int before = echoes.size();
                while (m.find()) {
                    echoes.add(m.group(1));
                }
                if (response.contains("type='error'") || response.contains("type=\"error\"")) {
                    unexpected.add(response);
                }
                // An echo that never comes would leave the loop polling for ever: say what came instead.
                idle = echoes.size() > before || i <= 200 ? 0 : idle + 1;
                assertThat(idle).as("no echo in 3 answers after the last message: bob got %s of 200, alice %s echoes;"
                    + " errors seen: %s", bobGot.size(), echoes.size(), unexpected).isLessThan(3);
                assertThat(i).as("echoes so far: %s", echoes.size()).isLessThan(400);
            }
            List<String> expectedEchoes = new ArrayList<>();
            List<String> expectedAtBob = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                expectedEchoes.add("echo m" + i);
                expectedAtBob.add("m" + i);
            }
            assertThat(dropped).isGreaterThan(5);
            assertThat(echoes).containsExactlyElementsOf(expectedEchoes);
            await().atMost(Duration.ofSeconds(10)).until(() -> bobGot.size() >= 200);
            assertThat(bobGot).containsExactlyElementsOf(expectedAtBob);
            alice.send("type='terminate'", "");
        } finally {
            bob.disconnect();
        }
    }

    /** Bytes put inside a message body; each makes the whole BOSH body bad. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not well-formed          | 3c2f626f64793e",
        "control character        | 01",
        "invalid UTF-8            | c328",
        "overlong UTF-8 for NUL   | c080",
    })
    void aBadBodyTerminatesOnlyItsSession(String kind, String hex) throws Exception {
        RawBoshClient carol = raw();
        carol.login("localhost", "carol", "secret", 10);
        RawBoshClient dave = raw();
        dave.login("localhost", "dave", "secret", 10);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("<body rid='" + carol.rid + "' sid='" + carol.sid + "' xmlns='" + RawBoshClient.NS
            + "'><message to='dave@localhost'><body>never").getBytes(StandardCharsets.UTF_8));
        body.write(HexFormat.of().parseHex(hex));
        body.write("</body></message></body>".getBytes(StandardCharsets.UTF_8));
        String bad = carol.postBytes(body.toByteArray()).getContentAsString();
        assertThat(bad).contains("type='terminate'").contains("condition='bad-request'");
        String ping = dave.sendUntil("", "<iq type='get' id='ping1' to='localhost' xmlns='jabber:client'>"
            + "<ping xmlns='urn:xmpp:ping'/></iq>", "ping1");
        assertThat(ping).contains("id='ping1'").contains("type='result'").doesNotContain("terminate");
        assertThat(carol.send("", "")).contains("condition='item-not-found'");
        dave.send("type='terminate'", "");
    }

    @Test
    void anUnknownDomainIsHostUnknown() throws Exception {
        String body = raw().create("nowhere.example", 10);
        assertThat(body).contains("type='terminate'").contains("condition='host-unknown'");
    }
}
