package dev.portico.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.portico.delivery.ScriptedXmppServer.Mode;
import dev.portico.testing.LogCapture;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.RawWebSocketClient;
import dev.portico.transport.bosh.RawBoshClient;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure end to end, with a scripted server (no real server stops reading on demand): whichever side
 * stops taking bytes, Portico holds no more than {@code limits.max-queued-bytes} for that session, the session
 * ends with an error its browser sees and a log line, and a session beside it keeps chatting. Measured with
 * the product's queued-byte counters, never with time.
 */
class FlowControlTest {
    private static final String DOMAIN = "example.test";
    private static final int MAX_STANZA = 8 * 1024;
    private static final int CAP = 32 * 1024;
    private static final int SMALL_SOCKET_BUFFER = 4 * 1024;

    private ExecutorService threads;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        threads = Executors.newCachedThreadPool();
        http = new HttpClient();
        http.start();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        http.stop();
    }

    @Test
    void aServerThatStopsReadingNeverMakesPorticoQueueMoreThanTheCapAndEndsOnlyThoseSessions() throws Exception {
        try (ScriptedXmppServer server = new ScriptedXmppServer(DOMAIN,
                user -> user.startsWith("stuck") ? Mode.STOP_READING : Mode.ECHO, SMALL_SOCKET_BUFFER);
             PorticoTestServer portico = PorticoTestServer.builder(DOMAIN, server.port()).maxStanzaSize(MAX_STANZA)
                 .maxQueuedBytes(CAP).keepAlive(Duration.ofSeconds(2)).start();
             LogCapture log = LogCapture.start();
             RawWebSocketClient alice = RawWebSocketClient.connect(portico.webSocketUri(), null);
             RawWebSocketClient stuckWs = RawWebSocketClient.connect(portico.webSocketUri(), null);
             QueueWatch watch = new QueueWatch(portico.server())) {
            alice.login(DOMAIN, "alice", "secret");
            String stuckJid = stuckWs.login(DOMAIN, "stuckws", "secret");
            RawBoshClient stuckBosh = new RawBoshClient(http, portico.baseUrl() + "/http-bind");
            String boshJid = stuckBosh.login(DOMAIN, "stuckbosh", "secret", 10);

            // Both browsers keep sending to a server that reads nothing any more.
            Future<Integer> wsAccepted = threads.submit(() -> {
                int n = 0;
                try {
                    while (true) {
                        stuckWs.send(message(stuckJid, "ws" + n));
                        n++;
                    }
                } catch (Exception | AssertionError e) {
                    return n;
                }
            });
            BoshPipeline boshSender = new BoshPipeline(http, portico.baseUrl() + "/http-bind", 2);
            Future<String> boshEnd = threads.submit(() -> boshSender.run(stuckBosh.nextRid(),
                rid -> stuckBosh.body(rid, "", message(boshJid, "bosh" + rid)), Duration.ofSeconds(60)));

            // Beside them, a session on the same server chats as usual.
            for (int i = 0; i < 20; i++) {
                alice.send(message("alice@" + DOMAIN + "/raw", "a" + i));
                assertThat(alice.nextContaining("id='a" + i + "'")).contains("<body>");
            }

            String wsError = stuckWs.nextContaining("<stream:error");
            String boshTerminal = boshEnd.get(90, TimeUnit.SECONDS);
            int accepted = wsAccepted.get(30, TimeUnit.SECONDS);
            System.out.printf("server stopped reading: max queued upstream %d bytes (cap %d, %d samples); websocket "
                    + "browser sent %d frames, got %s; BOSH browser had %d requests answered, then %s%n",
                watch.maxUpstream(), CAP, watch.samples(), accepted, wsError, boshSender.answered(), boshTerminal);

            assertThat(watch.maxUpstream()).as("bytes queued towards the server for one session").isLessThanOrEqualTo(CAP);
            // The WebSocket browser is held back by demand, so the cap is never reached: the session ends because
            // the server read nothing for a keep-alive period while a write waited.
            assertThat(wsError).contains("<remote-connection-failed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
            assertThat(stuckWs.next()).startsWith("<close");
            // A BOSH request is answered only once its payload was written upstream, so the BOSH browser is held
            // back the same way (answering it earlier would fill the queue and end in policy-violation instead).
            assertThat(boshTerminal).contains("type='terminate'").contains("condition='remote-connection-failed'");
            assertThat(log.text()).contains("has not read anything for a keep-alive period");

            alice.send(message("alice@" + DOMAIN + "/raw", "after"));
            assertThat(alice.nextContaining("id='after'")).contains("<body>");
            assertThat(alice.isClosed()).isFalse();
        }
    }

    @Test
    void aWebSocketBrowserThatStopsReadingNeverMakesPorticoQueueMoreThanTheCapAndEndsOnlyItsSession() throws Exception {
        try (ScriptedXmppServer server = new ScriptedXmppServer(DOMAIN,
                user -> user.equals("floodee") ? Mode.FLOOD : Mode.ECHO, 64 * 1024);
             PorticoTestServer portico = PorticoTestServer.builder(DOMAIN, server.port()).maxStanzaSize(MAX_STANZA)
                 .maxQueuedBytes(CAP).keepAlive(Duration.ofSeconds(2)).pingInterval(Duration.ofSeconds(1)).start();
             RawWebSocketClient alice = RawWebSocketClient.connect(portico.webSocketUri(), null);
             SocketWebSocket floodee = SocketWebSocket.connect(portico.port(), "/xmpp-websocket", SMALL_SOCKET_BUFFER);
             QueueWatch watch = new QueueWatch(portico.server())) {
            alice.login(DOMAIN, "alice", "secret");
            floodee.login(DOMAIN, "floodee", "secret");
            // From here on the floodee's browser reads nothing, while its server writes without pause.

            for (int i = 0; i < 20; i++) {
                alice.send(message("alice@" + DOMAIN + "/raw", "a" + i));
                assertThat(alice.nextContaining("id='a" + i + "'")).contains("<body>");
            }
            // Portico stops reading the server once the browser's side is full: the server's writes stall (all
            // socket buffers on the way are full) instead of piling up in Portico.
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = server.flooded("floodee");
                return now > 0 && now == last.getAndSet(now);
            });
            long queuedWhileStalled = watch.maxDownstream();
            assertThat(portico.server().sessions().size()).as("the stalled session is still there").isEqualTo(2);

            // The design ends it by the WebSocket idle timeout (3 pings + 30 s without any progress): no stream error
            // (the browser reads nothing), the upstream stream closed.
            await().atMost(Duration.ofSeconds(60)).until(() -> portico.server().sessions().size() == 1);
            System.out.printf("browser stopped reading: max queued downstream %d bytes (cap %d, %d samples); server "
                + "wrote %d bytes before it stalled%n", watch.maxDownstream(), CAP, watch.samples(), last.get());

            assertThat(queuedWhileStalled).as("bytes queued towards the browser for one session").isLessThanOrEqualTo(CAP);
            assertThat(watch.maxDownstream()).as("bytes queued towards the browser for one session").isLessThanOrEqualTo(CAP);
            alice.send(message("alice@" + DOMAIN + "/raw", "after"));
            assertThat(alice.nextContaining("id='after'")).contains("<body>");
            assertThat(alice.isClosed()).isFalse();
        }
    }

    private static String message(String to, String id) {
        return "<message xmlns='jabber:client' to='" + to + "' type='chat' id='" + id + "'><body>" + "m".repeat(1_000)
            + "</body></message>";
    }
}
