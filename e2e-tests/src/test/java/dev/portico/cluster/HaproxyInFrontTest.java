package dev.portico.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.portico.testing.HaproxyServer;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The shipped {@code conf/haproxy.cfg} in front of one Portico with its defaults: idle WebSocket and BOSH
 * sessions outlive its client/server timeouts (90 s) and chat afterwards. Mostly idle, so it runs beside
 * the other test classes.
 */
@Execution(ExecutionMode.CONCURRENT)
class HaproxyInFrontTest {
    private static final String PASSWORD = "secret";

    private static ProsodyServer prosody;
    private static ClientStack stack;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("u0", "u1").password(PASSWORD)
            .requireEncryption(false).modules("smacks", "offline").start();
        stack = new ClientStack(16);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        prosody.close();
    }

    @Test
    void idleSessionsOutliveHaproxyTimeoutsWithPorticoDefaults() throws Exception {
        try (PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).start();
             HaproxyServer haproxy = HaproxyServer.inFrontOf(portico.port())) {
            Deliveries deliveries = new Deliveries();
            List<ChatClient> clients = List.of(
                stack.webSocket("u0", PASSWORD, "u1", haproxy.webSocketUri(), deliveries),
                stack.bosh("u1", PASSWORD, "u0", haproxy.boshUrl(), 60, deliveries));
            try {
                clients.forEach(ChatClient::start);
                await().atMost(Duration.ofSeconds(90)).until(() -> clients.stream().allMatch(ChatClient::ready));
                // Only what happens from now on counts: on a loaded machine a first login may time out and be retried.
                List<Integer> endsBefore = clients.stream().map(c -> c.endReasons().size()).toList();
                List<Integer> sessionsBefore = clients.stream().map(ChatClient::sessions).toList();
                // Longer than timeout client/server (90 s): HAProxy must not cut the tunnel or a held request.
                Thread.sleep(Duration.ofSeconds(100).toMillis());
                clients.forEach(ChatClient::sendMessage);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    clients.forEach(ChatClient::requestAck);
                    return deliveries.missing().isEmpty() && clients.stream().allMatch(ChatClient::settled);
                });
                for (int i = 0; i < clients.size(); i++) {
                    ChatClient client = clients.get(i);
                    assertThat(client.endReasons().subList(endsBefore.get(i), client.endReasons().size()))
                        .as(client.user() + "'s session ended while idle").isEmpty();
                    assertThat(client.sessions()).isEqualTo(sessionsBefore.get(i));
                }
            } finally {
                clients.forEach(ChatClient::stop);
            }
        }
    }
}
