package dev.portico.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.portico.session.ClientSession;
import dev.portico.testing.NginxServer;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The shipped {@code conf/nginx.conf} (nginx from Debian) in front of Portico: WebSocket and BOSH work
 * through it, Portico sees the browser's address, idle sessions outlive nginx's default 60 s timeouts
 * with Portico's default ping interval and BOSH wait, and with two nodes the config's cookie keeps each
 * BOSH session on its node and moves clients when a node stops. Mostly idle, so it runs beside the other
 * test classes ({@code junit-platform.properties}).
 */
@Execution(ExecutionMode.CONCURRENT)
class NginxInFrontTest {
    private static final String PASSWORD = "secret";
    /** What Strophe.js and jbosh ask for; Portico grants at most bosh.max-wait. */
    private static final int BROWSER_WAIT = 60;

    private static ProsodyServer prosody;
    private static ClientStack stack;

    @BeforeAll
    static void start() throws Exception {
        String[] users = new String[16];
        for (int i = 0; i < users.length; i++) {
            users[i] = "u" + i;
        }
        prosody = ProsodyServer.builder().domain("localhost").users(users).password(PASSWORD)
            .requireEncryption(false).modules("smacks", "offline").start();
        stack = new ClientStack(64);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        prosody.close();
    }

    @Test
    void webSocketAndBoshChatThroughNginxAndPorticoSeesTheBrowsersAddress() throws Exception {
        // nginx reaches Portico from 127.0.0.2, the trusted proxy; the browser is 127.0.0.1 and forges a header.
        try (PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).trustedProxies(List.of("127.0.0.2")).start();
             NginxServer nginx = NginxServer.inFrontOf(new NginxServer.Options().http("proxy_bind 127.0.0.2;"),
                 portico.port(), portico.port())) {
            Deliveries deliveries = new Deliveries();
            AtomicReference<String> cookie = new AtomicReference<>();
            List<ChatClient> clients = List.of(
                webSocketClient("u0", "u1", nginx, deliveries),
                boshClient("u1", "u0", nginx, cookie, deliveries));
            try {
                clients.forEach(ChatClient::start);
                await().atMost(Duration.ofSeconds(90)).until(() -> clients.stream().allMatch(ChatClient::ready));
                assertThat(portico.server().sessions().snapshot()).hasSize(2)
                    .extracting(ClientSession::clientAddress).containsOnly("127.0.0.1");
                chatAndAwait(clients, deliveries, 3);
                assertThat(cookie.get()).isEqualTo("portico_node=node1");
            } finally {
                clients.forEach(ChatClient::stop);
            }
        }
    }

    @Test
    void idleSessionsOutliveNginxDefaultTimeoutsWithPorticoDefaults() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start();
             NginxServer nginx = NginxServer.inFrontOf(new NginxServer.Options().defaultTimeouts(),
                 portico.port(), portico.port())) {
            Deliveries deliveries = new Deliveries();
            List<ChatClient> clients = List.of(
                webSocketClient("u2", "u3", nginx, deliveries),
                boshClient("u3", "u2", nginx, new AtomicReference<>(), deliveries));
            try {
                clients.forEach(ChatClient::start);
                await().atMost(Duration.ofSeconds(90)).until(() -> clients.stream().allMatch(ChatClient::ready));
                // Only what happens from now on counts: on a loaded machine a first login may time out and be retried.
                List<Integer> endsBefore = clients.stream().map(c -> c.endReasons().size()).toList();
                List<Integer> sessionsBefore = clients.stream().map(ChatClient::sessions).toList();
                // Idle for more than two of nginx's 60 s read timeouts: the WebSocket lives on Portico's pings
                // (30 s), the BOSH session on held requests answered within bosh.max-wait (50 s).
                Thread.sleep(Duration.ofSeconds(125).toMillis());
                chatAndAwait(clients, deliveries, 1);
                for (int i = 0; i < clients.size(); i++) {
                    ChatClient client = clients.get(i);
                    assertThat(client.endReasons().subList(endsBefore.get(i), client.endReasons().size()))
                        .as(client.user() + "'s session ended while idle").isEmpty();
                    assertThat(client.sessions()).isEqualTo(sessionsBefore.get(i));
                }
                assertThat(nginx.accessLog()).noneMatch(line -> line.contains("\" 504 "));
            } finally {
                clients.forEach(ChatClient::stop);
            }
        }
    }

    @Test
    void boshSessionsStayOnTheirNodeAndMoveToTheOtherWhenItStops() throws Exception {
        try (PorticoTestServer node1 = PorticoTestServer.inFrontOf(prosody).start();
             PorticoTestServer node2 = PorticoTestServer.inFrontOf(prosody).start();
             NginxServer nginx = NginxServer.inFrontOf(new NginxServer.Options(), node1.port(), node2.port())) {
            Deliveries deliveries = new Deliveries();
            List<ChatClient> clients = new ArrayList<>();
            for (int i = 4; i < 12; i += 2) {
                clients.add(boshClient("u" + i, "u" + (i + 1), nginx, new AtomicReference<>(), deliveries));
                clients.add(boshClient("u" + (i + 1), "u" + i, nginx, new AtomicReference<>(), deliveries));
            }
            try {
                clients.forEach(ChatClient::start);
                await().atMost(Duration.ofSeconds(90)).until(() -> clients.stream().allMatch(ChatClient::ready));
                int onNode2 = node2.server().sessions().size();
                assertThat(node1.server().sessions().size()).isPositive();
                assertThat(onNode2).isPositive();
                // Every request of a session reached its node: a stray one would have ended it (item-not-found).
                chatAndAwait(clients, deliveries, 3);
                assertThat(clients).allMatch(c -> c.sessions() == 1 && c.endReasons().isEmpty());

                node2.close();
                await().atMost(Duration.ofSeconds(90)).until(() -> clients.stream().allMatch(ChatClient::ready)
                    && clients.stream().filter(c -> c.sessions() == 2).count() == onNode2);
                chatAndAwait(clients, deliveries, 1);
                assertThat(node1.server().sessions().size()).isEqualTo(clients.size());
                assertThat(deliveries.lost()).isEmpty();

                // A request of a session the stopped node held, still carrying its cookie, reaches node 1,
                // which does not know the sid: item-not-found at once, not a request held for 'wait'.
                String stale = stack.http.newRequest(nginx.boshUrl()).method(HttpMethod.POST).timeout(10, TimeUnit.SECONDS)
                    .headers(h -> h.put(HttpHeader.COOKIE, "portico_node=node2"))
                    .body(new StringRequestContent("text/xml; charset=utf-8",
                        "<body rid='1000' sid='a-session-of-the-stopped-node' wait='60' xmlns='http://jabber.org/protocol/httpbind'/>"))
                    .send().getContentAsString();
                assertThat(stale).contains("type='terminate'").contains("condition='item-not-found'");
            } finally {
                clients.forEach(ChatClient::stop);
            }
        }
    }

    private static void chatAndAwait(List<ChatClient> clients, Deliveries deliveries, int messagesEach) {
        for (int i = 0; i < messagesEach; i++) {
            clients.forEach(ChatClient::sendMessage);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            clients.forEach(ChatClient::requestAck);
            return deliveries.missing().isEmpty() && clients.stream().allMatch(ChatClient::settled);
        });
        assertThat(deliveries.strays()).isEmpty();
    }

    private ChatClient webSocketClient(String user, String partner, NginxServer nginx, Deliveries deliveries) {
        return stack.webSocket(user, PASSWORD, partner, nginx.webSocketUri(), deliveries);
    }

    private ChatClient boshClient(String user, String partner, NginxServer nginx, AtomicReference<String> cookie,
                                  Deliveries deliveries) {
        return stack.bosh(user, PASSWORD, partner, nginx.boshUrl(), BROWSER_WAIT, cookie, deliveries);
    }
}
