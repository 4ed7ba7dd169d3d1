package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.SmackClients;
import org.eclipse.jetty.client.HttpClient;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Issue 8, downstream cap for BOSH, against the real Prosody: a TCP user floods a BOSH session whose browser
 * has stopped polling. What waits for a request is counted ({@link BoshSession#queuedToClient}); because an
 * element's callback completes only when a response carries it, Portico stops reading that session's
 * upstream after at most one read's worth of elements, so the count stays far below
 * {@code limits.max-queued-bytes} and the session stays open (the rest waits in TCP buffers and in
 * Prosody). The policy-violation path (a server past the cap) cannot be reached with a server that is
 * paused; {@link BoshBackPressureTest} proves it with a fake upstream that ignores the pause.
 */
class BoshBrowserStopsPollingTest {
    private static final int FLOOD = 1_500;
    private static final Pattern FLOOD_BODY = Pattern.compile("<body>(f:\\d+):x*</body>");

    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice", "bob", "carol", "dave").password("secret")
            .requireEncryption(false).start();
        portico = PorticoTestServer.inFrontOf(prosody).start();
        http = new HttpClient();
        http.setIdleTimeout(120_000);
        http.start();
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

    @Test
    void aFloodToABrowserThatStoppedPollingWaitsWithinTheCapAndArrivesOnceWhenItPollsAgain() throws Exception {
        String url = portico.baseUrl() + "/http-bind";
        RawBoshClient alice = new RawBoshClient(http, url);
        String aliceJid = alice.login("localhost", "alice", "secret", 5);
        BoshSession session = portico.server().bosh().service().sessions().get(alice.sid);
        long cap = portico.server().config().limits().maxQueuedBytes();
        String padding = "x".repeat(1_000);

        XMPPTCPConnection bob = SmackClients.tcp(prosody, "bob");
        bob.connect().login();
        try {
            for (int i = 1; i <= FLOOD; i++) {
                bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(JidCreate.from(aliceJid))
                    .ofType(Message.Type.chat).setBody("f:" + i + ":" + padding).build());
            }
            // Prosody handles bob's stanzas in order: once the ping is answered, the whole flood was routed.
            assertThat(PingManager.getInstanceFor(bob).pingMyServer()).isTrue();
        } finally {
            bob.disconnect();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> session.queuedToClient() > 0);
        long paused = session.queuedToClient();

        // Another pair of sessions works meanwhile.
        RawBoshClient carol = new RawBoshClient(http, url);
        carol.login("localhost", "carol", "secret", 5);
        String ping = carol.sendUntil("", "<iq type='get' id='ping1' to='localhost' xmlns='jabber:client'>"
            + "<ping xmlns='urn:xmpp:ping'/></iq>", "ping1");
        assertThat(ping).contains("type='result'").doesNotContain("terminate");
        assertThat(session.queuedToClientHighWater()).as("bounded while the browser is away").isLessThanOrEqualTo(cap);
        assertThat(portico.server().bosh().service().sessions().get(alice.sid)).as("still open").isSameAs(session);

        List<String> received = new ArrayList<>();
        for (int polls = 0; received.size() < FLOOD; polls++) {
            assertThat(polls).as("received %s so far", received.size()).isLessThan(FLOOD);
            String response = alice.send("", "");
            assertThat(response).doesNotContain("type='terminate'");
            Matcher m = FLOOD_BODY.matcher(response);
            while (m.find()) {
                received.add(m.group(1));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= FLOOD; i++) {
            expected.add("f:" + i);
        }
        assertThat(received).as("every message once, in order").containsExactlyElementsOf(expected);
        System.out.printf("BOSH downstream bytes waiting: %d while paused, %d at most, cap %d, flood %d bytes%n",
            paused, session.queuedToClientHighWater(), cap, (long) FLOOD * padding.length());
        assertThat(session.queuedToClientHighWater()).as("most ever waiting (%s while paused)", paused)
            .isLessThanOrEqualTo(cap).isLessThan((long) FLOOD * padding.length() / 4);
        alice.send("type='terminate'", "");
        carol.send("type='terminate'", "");
    }
}
