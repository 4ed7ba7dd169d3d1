package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 item 3 replayed against the real Prosody: pairs of BOSH sessions chatting at 10 messages per second
 * each, with the pipelining client of the issue ({@link PipelinedBoshClient}: up to 'requests' open, responses
 * processed on other threads in any order). Before the §11 fix about half such sessions were terminated with
 * policy-violation within seconds.
 */
class BoshSessionsSurviveSteadyChatTest {
    private static final int SESSIONS = 20;
    private static final int MESSAGES_EACH = 60;
    private static final long PERIOD_MILLIS = 100;

    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static HttpClient http;
    private static ExecutorService processing;
    private static ScheduledExecutorService ticks;

    @BeforeAll
    static void start() throws Exception {
        String[] users = new String[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            users[i] = "u" + i;
        }
        prosody = ProsodyServer.builder().domain("localhost").users(users).password("secret")
            .requireEncryption(false).start();
        portico = PorticoTestServer.inFrontOf(prosody).start();
        http = new HttpClient();
        http.setIdleTimeout(120_000);
        http.setMaxConnectionsPerDestination(4 * SESSIONS);
        http.start();
        processing = Executors.newFixedThreadPool(4);
        ticks = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ticks != null) {
            ticks.shutdownNow();
        }
        if (processing != null) {
            processing.shutdownNow();
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
    void pairsChattingAtTenMessagesPerSecondKeepEverySessionAndEveryMessageArrivesOnce() throws Exception {
        String url = portico.baseUrl() + "/http-bind";
        List<String> jids = new ArrayList<>();
        List<PipelinedBoshClient> clients = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            RawBoshClient login = new RawBoshClient(http, url);
            jids.add(login.login("localhost", "u" + i, "secret", 60));
            assertThat(login.requests).isEqualTo(2);
            clients.add(new PipelinedBoshClient(http, url, login, login.requests, processing));
        }
        clients.forEach(PipelinedBoshClient::start);

        // Open loop: every session queues a message to its partner every 100 ms, whatever the responses do.
        List<ScheduledFuture<?>> senders = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            int self = i;
            String partner = jids.get(i ^ 1);
            AtomicInteger seq = new AtomicInteger();
            senders.add(ticks.scheduleAtFixedRate(() -> {
                int n = seq.incrementAndGet();
                if (n <= MESSAGES_EACH) {
                    clients.get(self).enqueue("<message to='" + partner + "' type='chat' xmlns='jabber:client'>"
                        + "<body>m:" + self + ":" + n + "</body></message>");
                }
            }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS));
        }
        try {
            await().atMost(Duration.ofSeconds(120)).until(() ->
                clients.stream().anyMatch(c -> !c.failures.isEmpty())
                    || clients.stream().allMatch(c -> c.received.size() >= MESSAGES_EACH));
        } finally {
            senders.forEach(f -> f.cancel(false));
        }

        List<String> failed = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            int session = i;
            clients.get(i).failures.forEach(f -> failed.add("session " + session + ", " + f));
        }
        assertThat(failed).as("sessions terminated or failed").isEmpty();
        for (int i = 0; i < SESSIONS; i++) {
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= MESSAGES_EACH; n++) {
                expected.add("m:" + (i ^ 1) + ":" + n);
            }
            assertThat(clients.get(i).received).as("messages at session %s", i)
                .containsExactlyInAnyOrderElementsOf(expected);
        }
        clients.forEach(PipelinedBoshClient::terminate);
    }
}
