package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
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
import java.util.zip.GZIPInputStream;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.SmackClients;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0124/0206 through Portico to a real Prosody: Smack's BOSH module for full logins and chat, raw
 * bodies over Jetty's HttpClient where the exact wire form matters.
 */
class BoshGatewayTest {
    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static HttpClient http;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice", "bob", "carol", "dave").password("secret")
            .requireEncryption(false).rosterBoth("alice", "bob", "Friends").rosterBoth("carol", "dave").start();
        portico = PorticoTestServer.inFrontOf(prosody).start();
        http = new HttpClient();
        http.setIdleTimeout(120_000); // held requests are idle on the wire for up to 'wait'
        http.start();
        url = portico.baseUrl() + "/http-bind";
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (portico != null) {
            portico.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    private static XMPPBOSHConnection smack(String user, String mechanism) {
        return SmackClients.bosh("127.0.0.1", portico.port(), "/http-bind", prosody.domain(), user, "secret", mechanism);
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
        XMPPTCPConnection dave = SmackClients.tcp(prosody, "dave");
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
    void droppedResponsesAreRecoveredByResendingTheRidWithNothingLostOrDuplicated() throws Exception {
        XMPPTCPConnection bob = SmackClients.tcp(prosody, "bob");
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
        try {
            RawBoshClient alice = raw();
            alice.login("localhost", "alice", "secret", 10);
            Random random = new Random(42);
            List<String> echoes = new ArrayList<>();
            int dropped = 0;
            Pattern echo = Pattern.compile("<body>(echo [^<]*)</body>");
            for (int i = 1; i <= 200 || echoes.size() < 200; i++) {
                String payload = i <= 200 ? "<message to='bob@localhost' type='chat' xmlns='jabber:client'><body>m"
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
                while (m.find()) {
                    echoes.add(m.group(1));
                }
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
    void aRequestHeldLongerThanTheConnectorIdleTimeoutStillGetsItsEmptyBody() throws Exception {
        RawBoshClient carol = raw();
        carol.login("localhost", "carol", "secret", 35); // Jetty's connector idle timeout is 30 s
        long start = System.nanoTime();
        String empty = carol.send("", "");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(33));
        assertThat(empty).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind'/>");
        carol.send("type='terminate'", "");
    }

    @Test
    void anUnknownDomainIsHostUnknown() throws Exception {
        String body = raw().create("nowhere.example", 10);
        assertThat(body).contains("type='terminate'").contains("condition='host-unknown'");
    }

    @Test
    void corsPreflightAndHeadersOnEveryAnswer() throws Exception {
        ContentResponse preflight = http.newRequest(url).method(HttpMethod.OPTIONS)
            .headers(h -> h.put(HttpHeader.ORIGIN, "http://localhost:3000")
                .put(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .put(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")).send();
        assertThat(preflight.getStatus()).isBetween(200, 204);
        assertThat(preflight.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("http://localhost:3000");
        assertThat(preflight.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS)).contains("POST");
        assertThat(preflight.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS)).containsIgnoringCase("content-type");

        ContentResponse error = http.newRequest(url).method(HttpMethod.POST)
            .headers(h -> h.put(HttpHeader.ORIGIN, "http://localhost:3000"))
            .body(new StringRequestContent("text/xml; charset=utf-8", "<body rid='1' sid='nope' xmlns='"
                + RawBoshClient.NS + "'/>")).send();
        assertThat(error.getContentAsString()).contains("condition='item-not-found'");
        assertThat(error.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("http://localhost:3000");
        assertThat(error.getHeaders().get(HttpHeader.CONTENT_TYPE)).isEqualTo("text/xml; charset=utf-8");

        ContentResponse foreign = http.newRequest(url).method(HttpMethod.OPTIONS)
            .headers(h -> h.put(HttpHeader.ORIGIN, "https://evil.example")).send();
        assertThat(foreign.getStatus()).isEqualTo(403);
        assertThat(foreign.getHeaders().get(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
    }

    @Test
    void getAnswersWithAShortPage() throws Exception {
        ContentResponse page = http.GET(url);
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getMediaType()).isEqualTo("text/html");
        assertThat(page.getContentAsString()).contains("BOSH").doesNotContain("Exception");
    }

    @Test
    void responsesAreGzippedWhenTheClientAcceptsIt() throws Exception {
        // The JDK client never decompresses on its own, so the test sees the wire form.
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<byte[]> zipped = jdk.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Accept-Encoding", "gzip").header("Content-Type", "text/xml; charset=utf-8")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<body rid='1' sid='nope' xmlns='"
                + RawBoshClient.NS + "'/>")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
        assertThat(new String(plain, StandardCharsets.UTF_8)).contains("condition='item-not-found'");
    }
}
