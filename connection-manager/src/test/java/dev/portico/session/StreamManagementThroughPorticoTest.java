package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.ProsodyShell;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.transport.bosh.RawBoshClient;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XEP-0198 stream management through Portico against a real Prosody with {@code mod_smacks}: every
 * stream-management element passes untouched on both transports, a browser transport that vanishes (or a
 * node that stops) leaves the server's session resumable, through any node and either transport, and the
 * browser's own close ends it for good. Each test uses its own user, so hibernating sessions of one test
 * never meet another.
 *
 * <p>Romeo-and-Juliet style: bob sends, the user under test receives; what counts is the server's view
 * ({@link ProsodyShell#sessionsOf}) and the stanzas re-sent after {@code <resumed/>}.
 */
class StreamManagementThroughPorticoTest {
    private static final String SM = "xmlns='urn:xmpp:sm:3'";
    private static final Pattern ID = Pattern.compile("\\sid='([^']+)'");

    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static ProsodyShell shell;
    private static HttpClient http;
    private static RawWebSocketClient bob;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost")
            .users("bob", "dropper", "closer", "wsnode", "boshnode").password("secret")
            .requireEncryption(false).modules("smacks", "admin_shell").start();
        portico = PorticoTestServer.inFrontOf(prosody).start();
        shell = new ProsodyShell(prosody);
        http = new HttpClient();
        http.start();
        bob = RawWebSocketClient.connect(portico.webSocketUri(), null);
        bob.login("localhost", "bob", "secret");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bob != null) {
            bob.close();
        }
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

    @Test
    void aDroppedWebSocketLeavesTheSessionResumableAndStreamManagementPassesUntouched() throws Exception {
        String id;
        String jid;
        try (RawWebSocketClient first = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            jid = first.login("localhost", "dropper", "secret");
            first.send("<enable " + SM + " resume='true'/>");
            String enabled = first.nextContaining("<enabled");
            assertThat(enabled).startsWith("<enabled ").containsPattern(sm("enabled")).contains("resume='true'");
            id = attribute(ID, enabled);

            first.send("<message xmlns='jabber:client' to='bob@localhost/raw' type='chat' id='d0'><body>hi</body></message>");
            first.send("<r " + SM + "/>");
            assertThat(first.nextContaining("<a ")).containsPattern(sm("a")).contains("h='1'");

            bob.send(message(jid, "one"));
            first.nextContaining(">one<");
            assertThat(first.nextContaining("<r ")).as("the server asks for an ack").containsPattern(sm("r"));
            first.send("<a " + SM + " h='0'/>");
            // The browser's network goes: no WebSocket close, no <close/>.
            first.disconnect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> boundSessions(portico, "dropper@localhost") == 0);
        bob.send(message(jid, "two"));

        try (RawWebSocketClient second = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            second.authenticate("localhost", "dropper", "secret");
            second.send("<resume " + SM + " previd='" + id + "' h='0'/>");
            String resumed = second.nextContaining("<resumed");
            assertThat(resumed).containsPattern(sm("resumed")).contains("previd='" + id + "'").contains("h='1'");
            bob.send(message(jid, "three"));
            List<String> after = framesUntil(second, ">three<");
            assertThat(bodies(after)).as("unacknowledged stanzas re-sent once, in order").containsExactly("one", "two", "three");
        }
        assertThat(shell.sessionsOf("dropper")).as("the server's view: the resumed session, no ghost").isEqualTo(1);
    }

    @Test
    void aCloseOverBoshEndsTheServersSessionSoNothingIsLeftToResume() throws Exception {
        RawBoshClient first = new RawBoshClient(http, portico.baseUrl() + "/http-bind");
        first.login("localhost", "closer", "secret", 5);
        String enabled = first.sendUntil("", "<enable " + SM + " resume='true'/>", "<enabled");
        assertThat(enabled).containsPattern(sm("enabled")).contains("resume='true'");
        String id = attribute(ID, enabled.substring(enabled.indexOf("<enabled")));
        assertThat(first.sendUntil("", "<r " + SM + "/>", "<a ")).containsPattern(sm("a")).contains("h='0'");
        assertThat(first.send("type='terminate'", "")).contains("type='terminate'");
        await().atMost(Duration.ofSeconds(10)).until(() -> shell.sessionsOf("closer") == 0);

        RawBoshClient second = new RawBoshClient(http, portico.baseUrl() + "/http-bind");
        second.authenticate("localhost", "closer", "secret", 5);
        String failed = second.sendUntil("", "<resume " + SM + " previd='" + id + "' h='0'/>", "<failed");
        assertThat(failed).containsPattern(sm("failed")).contains("item-not-found");
    }

    @Test
    void aStoppedNodeLeavesWebSocketAndBoshSessionsResumableThroughAnotherNode() throws Exception {
        PorticoTestServer node = PorticoTestServer.inFrontOf(prosody).start();
        RawBoshClient boshFirst = new RawBoshClient(http, node.baseUrl() + "/http-bind");
        String boshJid = boshFirst.login("localhost", "boshnode", "secret", 5);
        String boshId = attribute(ID, afterMarker(boshFirst.sendUntil("", "<enable " + SM + " resume='true'/>", "<enabled"),
            "<enabled"));
        String wsJid;
        String wsId;
        try (RawWebSocketClient wsFirst = RawWebSocketClient.connect(node.webSocketUri(), null)) {
            wsJid = wsFirst.login("localhost", "wsnode", "secret");
            wsFirst.send("<enable " + SM + " resume='true'/>");
            wsId = attribute(ID, wsFirst.nextContaining("<enabled"));

            node.close();
            assertThat(wsFirst.nextContaining("<stream:error")).contains("system-shutdown");
        }
        bob.send(message(wsJid, "for-ws"));
        bob.send(message(boshJid, "for-bosh"));

        try (RawWebSocketClient ws = RawWebSocketClient.connect(portico.webSocketUri(), null)) {
            ws.authenticate("localhost", "wsnode", "secret");
            ws.send("<resume " + SM + " previd='" + wsId + "' h='0'/>");
            assertThat(ws.nextContaining("<resumed")).contains("previd='" + wsId + "'");
            ws.nextContaining(">for-ws<");
        }
        RawBoshClient bosh = new RawBoshClient(http, portico.baseUrl() + "/http-bind");
        bosh.authenticate("localhost", "boshnode", "secret", 5);
        String resumed = bosh.sendUntil("", "<resume " + SM + " previd='" + boshId + "' h='0'/>", ">for-bosh<");
        assertThat(resumed).containsPattern(sm("resumed")).contains("previd='" + boshId + "'");
        assertThat(shell.sessionsOf("wsnode")).isEqualTo(1);
        assertThat(shell.sessionsOf("boshnode")).isEqualTo(1);
    }

    /** The element, in the stream-management namespace, with the server's attributes in the server's order. */
    private static String sm(String name) {
        return "<" + name + "(\\s[^>]*)?\\s" + SM;
    }

    private static String message(String to, String body) {
        return "<message xmlns='jabber:client' to='" + to + "' type='chat' id='" + body + "'><body>" + body
            + "</body></message>";
    }

    private static long boundSessions(PorticoTestServer node, String bareJid) {
        return node.server().sessions().snapshot().stream().filter(s -> bareJid.equals(s.boundJid())).count();
    }

    private static List<String> framesUntil(RawWebSocketClient ws, String marker) throws InterruptedException {
        List<String> frames = new ArrayList<>();
        String frame;
        do {
            frame = ws.next();
            frames.add(frame);
        } while (!frame.contains(marker));
        return frames;
    }

    private static List<String> bodies(List<String> frames) {
        List<String> bodies = new ArrayList<>();
        Pattern body = Pattern.compile("<body>([^<]*)</body>");
        for (String frame : frames) {
            Matcher m = body.matcher(frame);
            while (m.find()) {
                bodies.add(m.group(1));
            }
        }
        return bodies;
    }

    private static String afterMarker(String text, String marker) {
        return text.substring(text.indexOf(marker));
    }

    private static String attribute(Pattern pattern, String element) {
        Matcher m = pattern.matcher(element);
        assertThat(m.find()).as("attribute in %s", element).isTrue();
        return m.group(1);
    }
}
