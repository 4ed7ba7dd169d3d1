package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.session.ClientSession;
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
 * has stopped polling. What waits for the browser is counted ({@link ClientSession#queuedDownstreamBytes});
 * because the BOSH session completes an element's callback only when a response carries it, Portico stops
 * reading that upstream after about one read's worth of elements, so the count stays far below
 * {@code limits.max-queued-bytes} and the session stays open (the rest waits in TCP buffers and in
 * Prosody); had it passed the cap the session would have ended with {@code policy-violation}, so "still open
 * and everything arrives once" is the proof. The policy-violation path needs a stream that ignores the
 * pause; {@link BoshBackPressureTest} shows that the stream's policy-violation reaches a browser that stopped
 * polling on its next request.
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
        ClientSession session = portico.server().sessions().snapshot().stream()
            .filter(s -> s.transport().equals("bosh")).findFirst().orElseThrow();
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
        await().atMost(Duration.ofSeconds(30)).until(() -> session.queuedDownstreamBytes() > 0);
        long paused = session.queuedDownstreamBytes();

        // Another pair of sessions works meanwhile.
        RawBoshClient carol = new RawBoshClient(http, url);
        carol.login("localhost", "carol", "secret", 5);
        String ping = carol.sendUntil("", "<iq type='get' id='ping1' to='localhost' xmlns='jabber:client'>"
            + "<ping xmlns='urn:xmpp:ping'/></iq>", "ping1");
        assertThat(ping).contains("type='result'").doesNotContain("terminate");
        assertThat(paused).as("waiting while the browser is away").isLessThanOrEqualTo(cap)
            .isLessThan((long) FLOOD * padding.length() / 4);
        assertThat(portico.server().sessions().contains(session.id())).as("still open").isTrue();

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
        System.out.printf("BOSH downstream bytes waiting while paused: %d, cap %d, flood %d bytes%n",
            paused, cap, (long) FLOOD * padding.length());
        alice.send("type='terminate'", "");
        carol.send("type='terminate'", "");
    }
}
