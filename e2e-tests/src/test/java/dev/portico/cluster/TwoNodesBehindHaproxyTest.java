package dev.portico.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.testing.HaproxyServer;
import dev.portico.testing.PorticoProcess;
import dev.portico.testing.ProsodyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's scale-out test: the shipped {@code conf/haproxy.cfg} on loopback in front of two Portico
 * nodes (child JVMs) and one Prosody; 50 BOSH and 50 WebSocket clients chat through HAProxy; one node
 * gets a real SIGTERM; its clients reconnect through HAProxy to the other node on their own, and nothing
 * the server had acknowledged (XEP-0198) goes missing.
 */
class TwoNodesBehindHaproxyTest {
    private static final int PAIRS = 50;
    private static final String PASSWORD = "secret";
    private static final Pattern ACTIVE = Pattern.compile("^portico_sessions_active\\{[^}]*transport=\"(\\w+)\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    private static ProsodyServer prosody;
    private static PorticoProcess node1;
    private static PorticoProcess node2;
    private static HaproxyServer haproxy;
    private static ClientStack stack;

    @BeforeAll
    static void start() throws Exception {
        String[] users = new String[2 * PAIRS];
        for (int i = 0; i < users.length; i++) {
            users[i] = "u" + i;
        }
        // Stream management so clients know what the server took; offline storage so a message to a user
        // between two sessions waits for the next one.
        prosody = ProsodyServer.builder().domain("localhost").users(users).password(PASSWORD)
            .requireEncryption(false).modules("smacks", "offline").start();
        node1 = PorticoProcess.start(nodeConfig());
        node2 = PorticoProcess.start(nodeConfig());
        // HAProxy reaches the nodes from 127.0.0.2, the only trusted proxy: the nodes must take the client's
        // address from X-Forwarded-For (127.0.0.1), and not the one the clients forge in it.
        haproxy = HaproxyServer.inFrontOf(List.of("source 127.0.0.2"), node1.port(), node2.port());

        stack = new ClientStack(4 * PAIRS + 16);
    }

    /** Every test client comes through HAProxy from 127.0.0.1, so the per-address limits are raised. */
    private static String nodeConfig() {
        return String.join("\n",
            "http:",
            "  bind: 127.0.0.1",
            "  port: 0",
            "  trusted-proxies: [127.0.0.2]",
            "upstream:",
            "  domains:",
            "    localhost:",
            "      host: 127.0.0.1",
            "      port: " + prosody.c2sPort(),
            "  tls: disabled",
            "limits:",
            "  max-sessions-per-ip: 10000",
            "  new-sessions-per-ip-per-minute: 100000",
            "  max-connections-per-ip: 10000",
            "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {haproxy, node1, node2, prosody}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void clientsChatThroughHaproxyAndMoveToTheOtherNodeWhenOneStopsWithoutLosingAcknowledgedMessages() throws Exception {
        Deliveries deliveries = new Deliveries();
        List<ChatClient> clients = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            // u(2i) speaks WebSocket, u(2i+1) BOSH, and they chat with each other: every message crosses transports.
            String ws = "u" + (2 * i);
            String bosh = "u" + (2 * i + 1);
            clients.add(stack.webSocket(ws, PASSWORD, bosh, haproxy.webSocketUri(), deliveries));
            clients.add(stack.bosh(bosh, PASSWORD, ws, haproxy.boshUrl(), 30, deliveries));
        }
        try {
            long loginStart = System.nanoTime();
            // In random order: strictly alternating arrivals make leastconn alternate too, and every
            // WebSocket would land on one node and every BOSH session on the other.
            List<ChatClient> arrivals = new ArrayList<>(clients);
            java.util.Collections.shuffle(arrivals, new java.util.Random(11));
            for (ChatClient client : arrivals) {
                client.start();
                Thread.sleep(20); // users arrive over two seconds, not in one instant
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> clients.stream().allMatch(ChatClient::ready));
            long loginMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loginStart);
            int[] before1 = activeSessions(node1);
            int[] before2 = activeSessions(node2);
            // leastconn spreads the sessions: each node has both kinds, so the stop moves both kinds.
            assertThat(before1[0]).as("WebSocket sessions on node 1").isPositive();
            assertThat(before1[1]).as("BOSH sessions on node 1").isPositive();
            assertThat(before2[0] + before2[1]).as("sessions on node 2").isPositive();
            assertThat(before1[0] + before1[1] + before2[0] + before2[1]).isEqualTo(2 * PAIRS);

            // Everyone chats: three messages each, all delivered.
            for (int round = 0; round < 3; round++) {
                clients.forEach(ChatClient::sendMessage);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.missing().isEmpty());

            // Keep chatting (one message per client per second) while node 1 stops gracefully.
            Sender sender = new Sender(clients);
            sender.start();
            Thread.sleep(2_000);
            int[] sessionsBefore = clients.stream().mapToInt(ChatClient::sessions).toArray();
            int[] endsBefore = clients.stream().mapToInt(c -> c.endReasons().size()).toArray();
            long stopAt = System.nanoTime();
            node1.terminate();
            int exit = node1.awaitExit(30);
            long exitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream().allMatch(ChatClient::ready)
                && movedSince(clients, sessionsBefore).size() >= before1[0] + before1[1]);
            long allBackMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            Thread.sleep(2_000);
            sender.stop();

            // Drain: every message acknowledged by the server and received by its partner.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                clients.forEach(ChatClient::requestAck);
                return clients.stream().allMatch(ChatClient::settled) && deliveries.missing().isEmpty();
            });

            List<ChatClient> moved = movedSince(clients, sessionsBefore);
            List<Long> reconnects = moved.stream().map(c -> c.reconnectMillis().get(c.reconnectMillis().size() - 1))
                .sorted().toList();
            // Why each moved client's session ended after the SIGTERM (earlier ends, e.g. a login that timed
            // out on this loaded machine, are not the stop's).
            List<String> stopReasons = new ArrayList<>();
            List<String> webSocketReasons = new ArrayList<>();
            for (ChatClient c : moved) {
                String reason = c.endReasons().get(endsBefore[clients.indexOf(c)]);
                stopReasons.add(reason);
                if (Integer.parseInt(c.user().substring(1)) % 2 == 0) {
                    webSocketReasons.add(reason);
                }
            }
            String summary = String.format("two-node test: %d sessions (%d WebSocket, %d BOSH), %d on node 1 (%d ws, %d bosh);"
                    + " %d messages sent, %d acknowledged, %d received, %d lost, %d duplicates, %d resent, %d bounced;"
                    + " node 1 exited %d in %d ms; %d clients reconnected, all ready %d ms after SIGTERM,"
                    + " reconnect median %d ms, max %d ms; end reasons %s%n",
                clients.size(), PAIRS, PAIRS, before1[0] + before1[1], before1[0], before1[1],
                deliveries.sent(), deliveries.ackedCount(), deliveries.receivedCount(), deliveries.lost().size(),
                deliveries.duplicates(), deliveries.resentCount(), deliveries.bouncedCount(), exit, exitedMillis,
                moved.size(), allBackMillis, reconnects.get(reconnects.size() / 2), reconnects.get(reconnects.size() - 1),
                stopReasons.stream().distinct().toList());
            summary += String.format("two-node test: first logins of all %d clients took %d ms; %d connection attempts"
                    + " for %d sessions; HAProxy marked down: %s%n", clients.size(), loginMillis,
                clients.stream().mapToInt(ChatClient::connects).sum(), clients.stream().mapToInt(ChatClient::sessions).sum(),
                haproxy.logLines("is DOWN").stream().filter(l -> !l.startsWith("[")).map(l -> l.replaceAll("\\..*", "")).toList());
            // Printed, and kept in target/ (output of tests run in parallel mode may not reach the report).
            System.out.print(summary);
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "two-node-test.txt"), summary);
            // 143 = 128 + SIGTERM: how a JVM ends whose shutdown hook ran (the systemd unit counts it as success).
            assertThat(exit).as("node 1's exit code after SIGTERM").isIn(0, 143);
            assertThat(deliveries.lost()).as("acknowledged by the server, never received").isEmpty();
            assertThat(deliveries.missing()).isEmpty();
            assertThat(deliveries.strays()).isEmpty();
            assertThat(moved.size()).isGreaterThanOrEqualTo(before1[0] + before1[1]);
            // Clients were told why: WebSocket clients a system-shutdown stream error, BOSH ones a terminate
            // (a BOSH request that reached the node as it closed may fail instead; the client reconnects too).
            assertThat(webSocketReasons).isNotEmpty().allMatch(reason -> reason.equals("stream error system-shutdown"));
            assertThat(stopReasons).contains("terminate system-shutdown");
            // Behind the trusted proxy, every session's client is the address HAProxy saw, not the forged one.
            List<String> ends = node1.outputLines(" ended: transport=");
            assertThat(ends).hasSizeGreaterThanOrEqualTo(before1[0] + before1[1])
                .allMatch(line -> line.contains(" client=127.0.0.1 "));
            int[] after2 = activeSessions(node2);
            // Every client is on node 2 now (a session a client gave up on stays until bosh.inactivity ends it).
            assertThat(after2[0] + after2[1]).as("sessions on node 2").isGreaterThanOrEqualTo(2 * PAIRS);
        } finally {
            clients.forEach(ChatClient::stop);
        }
    }

    /** Clients that opened a new session since {@code sessionsBefore} was taken. */
    private static List<ChatClient> movedSince(List<ChatClient> clients, int[] sessionsBefore) {
        List<ChatClient> moved = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i).sessions() > sessionsBefore[i]) {
                moved.add(clients.get(i));
            }
        }
        return moved;
    }

    /** {websocket, bosh} sessions open on a node, from its /metrics. */
    private static int[] activeSessions(PorticoProcess node) throws Exception {
        String text = java.net.http.HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        int[] counts = new int[2];
        Matcher m = ACTIVE.matcher(text);
        while (m.find()) {
            int n = (int) Double.parseDouble(m.group(2));
            counts["bosh".equals(m.group(1)) ? 1 : 0] += n;
        }
        return counts;
    }

    /** Sends one message per client per second, spread over the second, until stopped. */
    private static final class Sender {
        private final List<ChatClient> clients;
        private final Thread thread;
        private volatile boolean running = true;

        Sender(List<ChatClient> clients) {
            this.clients = clients;
            this.thread = new Thread(this::run, "two-node-sender");
        }

        void start() {
            thread.start();
        }

        private void run() {
            long pause = 1_000 / clients.size();
            while (running) {
                for (ChatClient client : clients) {
                    if (!running) {
                        return;
                    }
                    client.sendMessage();
                    try {
                        Thread.sleep(Math.max(1, pause));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
