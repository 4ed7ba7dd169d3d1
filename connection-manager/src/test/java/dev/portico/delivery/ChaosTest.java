package dev.portico.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import dev.portico.testing.SmackClients;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/**
 * Healthy sessions chat in pairs through Portico to a real Prosody, half over WebSocket (Smack and raw
 * frames) and half over BOSH (Smack), while beside them clients send every kind of bad input, vanish
 * mid-request, and two users the server throttles ({@code mod_limits}) flood it over each transport.
 *
 * <p>Proves: every healthy message arrives exactly once; no healthy session ends; every bad client gets
 * its own error; vanished WebSocket sessions are cleaned up; each flooder's messages all arrive, unless
 * its session ended with an error the client saw (never a silent drop).
 *
 * <p>CI size by default; {@code -Dchaos.sessions=100 -Dchaos.seconds=60} for the larger run (also
 * {@code chaos.rate}, messages per session per second, and {@code chaos.floodBytes} per flooder).
 */
class ChaosTest {
    private static final String DOMAIN = "localhost";
    private static final String PASSWORD = "secret";
    private static final int MAX_STANZA = 16 * 1024;
    /** The throttled users' upstream rate in bytes per second; far below what a flooder offers. */
    private static final int THROTTLE_BYTES_PER_SECOND = 100_000;
    private static final int LOGINS_AT_ONCE = 8;

    private final int sessions = Math.max(4, Integer.getInteger("chaos.sessions", 24) / 4 * 4);
    private final int seconds = Integer.getInteger("chaos.seconds", 15);
    private final int perSecond = Integer.getInteger("chaos.rate", 5);
    private final int floodBytes = Integer.getInteger("chaos.floodBytes", 600_000);

    private final Ledger ledger = new Ledger();
    private final List<Peer> healthy = new CopyOnWriteArrayList<>();
    private final List<String> sendFailures = new CopyOnWriteArrayList<>();
    private final List<String> loginFailures = new CopyOnWriteArrayList<>();
    private final List<String> badProblems = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> badRuns = new ConcurrentHashMap<>();

    @Test
    void healthySessionsDeliverEveryMessageExactlyOnceBesideBadInputVanishingClientsAndThrottledFlooders()
            throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            users.add("h" + i);
        }
        List<String> others = List.of("sink", "bad0", "bad1", "gone0");
        try (ProsodyServer prosody = ProsodyServer.builder().domain(DOMAIN).password(PASSWORD).requireEncryption(false)
                .users(users.toArray(String[]::new)).users(others.toArray(String[]::new)).users("floodws", "floodbosh")
                .modules("limits").extraConfig(throttleAllBut(users, others)).start();
             PorticoTestServer portico = PorticoTestServer.inFrontOf(prosody).maxStanzaSize(MAX_STANZA)
                 .pingInterval(Duration.ofSeconds(10)).start()) {
            HttpClient http = new HttpClient();
            http.setIdleTimeout(120_000);
            http.start();
            ExecutorService workers = Executors.newCachedThreadPool();
            ScheduledExecutorService senders = Executors.newScheduledThreadPool(Math.max(4, sessions / 8));
            try {
                run(prosody, portico, http, workers, senders);
            } finally {
                senders.shutdownNow();
                workers.shutdownNow();
                healthy.forEach(Peer::close);
                http.stop();
            }
        }
    }

    private void run(ProsodyServer prosody, PorticoTestServer portico, HttpClient http, ExecutorService workers,
                     ScheduledExecutorService senders) throws Exception {
        String ws = portico.webSocketUri().toString();
        String bosh = "/http-bind";
        // Log in: kinds cycle Smack WebSocket, Smack BOSH, raw WebSocket, Smack BOSH; pairs (0,1), (2,3), ...
        // Browsers arrive a few at a time: a hundred STARTTLS handshakes at once would only measure how long
        // Prosody takes to do them (beyond Portico's open timeout on a loaded machine).
        ExecutorService loginPool = Executors.newFixedThreadPool(LOGINS_AT_ONCE);
        // Smack finds its WebSocket implementation through a ServiceLoader that is not thread-safe on first
        // use, so the first WebSocket peer logs in alone.
        List<Future<Peer>> logins = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            int n = i;
            if (i == 1) {
                logins.get(0).get(60, TimeUnit.SECONDS);
            }
            logins.add(loginPool.submit(() -> switch (n % 4) {
                case 0 -> new SmackPeer("h-smack-ws-" + n, SmackClients.webSocket(ws, DOMAIN, "h" + n, PASSWORD), ledger);
                case 2 -> new RawWebSocketPeer("h-raw-ws-" + n, portico.webSocketUri(), DOMAIN, "h" + n, PASSWORD, ledger);
                default -> new SmackPeer("h-smack-bosh-" + n,
                    SmackClients.bosh("127.0.0.1", portico.port(), bosh, DOMAIN, "h" + n, PASSWORD), ledger);
            }));
        }
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            try {
                peers.add(logins.get(i).get(60, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                // A login refused under load is a finding like any other: report it, chat with the rest.
                peers.add(null);
                loginFailures.add("h" + i + ": " + (e.getCause() != null ? e.getCause() : e));
            }
        }
        loginPool.shutdownNow();
        peers.stream().filter(Objects::nonNull).forEach(healthy::add);
        Peer sink = new SmackPeer("sink", SmackClients.tcp(prosody, "sink"), ledger);
        healthy.add(sink);
        Flooder floodWs = new Flooder(new RawWebSocketPeer("flood-ws", portico.webSocketUri(), DOMAIN, "floodws",
            PASSWORD, ledger), sink.jid(), floodBytes, ledger);
        Flooder floodBosh = new Flooder(new SmackPeer("flood-bosh",
            SmackClients.bosh("127.0.0.1", portico.port(), bosh, DOMAIN, "floodbosh", PASSWORD), ledger), sink.jid(),
            floodBytes, ledger);

        // Chat, flood, misbehave.
        Misbehaviours catalogue = new Misbehaviours(portico.webSocketUri(), portico.baseUrl() + bosh, http, DOMAIN,
            PASSWORD, MAX_STANZA);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> chatting = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            if (peers.get(i) != null && peers.get(i ^ 1) != null) {
                chatting.add(chat(senders, peers.get(i), peers.get(i ^ 1)));
            }
        }
        floodWs.start();
        floodBosh.start();
        List<Future<?>> misbehaving = List.of(
            workers.submit(() -> misbehave(catalogue.badInput("bad0"), until)),
            workers.submit(() -> misbehave(reversed(catalogue.badInput("bad1")), until)),
            workers.submit(() -> misbehave(catalogue.vanishing("gone0"), until)));
        while (System.nanoTime() < until) {
            Thread.sleep(200);
        }
        chatting.forEach(f -> f.cancel(false));
        senders.shutdown();
        assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).as("senders stopped").isTrue();
        for (Future<?> f : misbehaving) {
            f.get(120, TimeUnit.SECONDS);
        }

        // Every healthy message arrives, in bounded time. (Quiet raw clients stay open on Portico's pings, every
        // 10 s here, below the raw client's 30 s idle timeout.)
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> ledger.missing("h-").isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported with the other findings below
        }
        // Each flooder: everything it handed over arrives, or its session ended with an error it saw.
        floodWs.join();
        floodBosh.join();
        Duration drain = Duration.ofSeconds(30 + 2L * floodBytes / THROTTLE_BYTES_PER_SECOND);
        try {
            await().atMost(drain).pollInterval(Duration.ofMillis(500)).until(() -> settled(floodWs) && settled(floodBosh));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below
        }
        // Vanished WebSocket clients leave nothing behind: only the healthy and flooding sessions remain.
        long wsExpected = healthy.stream().filter(p -> p.name().contains("-ws-")).count()
            + (floodWs.peer().ended() == null ? 1 : 0);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> webSocketSessions(portico) == wsExpected);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below
        }

        String report = report(floodWs, floodBosh, portico) + prosodyComplaints(prosody);
        System.out.println(report);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ledger.missing("h-")).as("healthy messages lost\n" + report).isEmpty();
        soft.assertThat(ledger.duplicates()).as("messages delivered twice").isEmpty();
        soft.assertThat(ledger.strays()).as("messages delivered to the wrong session or never sent").isEmpty();
        soft.assertThat(healthy.stream().filter(p -> p.ended() != null).map(p -> p.name() + ": " + p.ended()).toList())
            .as("healthy sessions that ended").isEmpty();
        soft.assertThat(loginFailures).as("healthy sessions that could not log in").isEmpty();
        soft.assertThat(sendFailures).as("healthy sends refused").isEmpty();
        soft.assertThat(badProblems).as("bad clients that did not get their error").isEmpty();
        soft.assertThat(badRuns.keySet()).as("kinds of misbehaviour played")
            .hasSize(catalogue.badInput("x").size() + catalogue.vanishing("x").size());
        for (Flooder f : List.of(floodWs, floodBosh)) {
            soft.assertThat(settled(f)).as(f.peer().name() + ": all its messages arrived, or its session ended with an "
                + "error it saw; sent " + f.sent() + ", delivered " + ledger.delivered(f.peer().name()) + ", ended: "
                + f.peer().ended() + ", missing e.g. " + first(ledger.missing(f.peer().name()))).isTrue();
        }
        soft.assertThat(webSocketSessions(portico)).as("WebSocket sessions left after the vanished ones")
            .isEqualTo(wsExpected);
        soft.assertAll();
    }

    private Future<?> chat(ScheduledExecutorService senders, Peer from, Peer to) {
        AtomicInteger seq = new AtomicInteger();
        long period = 1_000_000 / perSecond;
        return senders.scheduleWithFixedDelay(() -> {
            String id = from.name() + "." + seq.getAndIncrement();
            ledger.sending(id, from.name(), to.jid());
            try {
                from.send(to.jid(), id, "chaos " + id);
            } catch (Exception e) {
                ledger.notAccepted(id);
                sendFailures.add(from.name() + ": " + e);
                throw new IllegalStateException(e);
            }
        }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MICROSECONDS);
    }

    /** Plays the catalogue over and over until the deadline, at least once through. */
    private void misbehave(List<Misbehaviour> catalogue, long until) {
        do {
            for (Misbehaviour m : catalogue) {
                String problem = m.check();
                badRuns.computeIfAbsent(m.name(), k -> new AtomicInteger()).incrementAndGet();
                if (problem != null) {
                    badProblems.add(problem);
                }
            }
        } while (System.nanoTime() < until);
    }

    /** Everything the flooder handed over arrived, or its session ended (with the error its client saw). */
    private boolean settled(Flooder f) {
        return f.peer().ended() != null || ledger.missing(f.peer().name()).isEmpty();
    }

    private static long webSocketSessions(PorticoTestServer portico) {
        return portico.server().sessions().sizeByTransport().getOrDefault("websocket", 0L);
    }

    private String report(Flooder floodWs, Flooder floodBosh, PorticoTestServer portico) {
        StringBuilder r = new StringBuilder("chaos: ").append(sessions).append(" healthy sessions, ").append(seconds)
            .append(" s at ").append(perSecond).append(" msg/s each\n");
        r.append("  healthy: sent ").append(ledger.sent("h-")).append(", delivered ").append(ledger.delivered("h-"))
            .append(", lost ").append(ledger.missing("h-").size()).append(" e.g. ").append(first(ledger.missing("h-")))
            .append(", duplicates ").append(ledger.duplicates().size()).append(", ended ")
            .append(healthy.stream().filter(p -> p.ended() != null).count()).append(", login refused ")
            .append(loginFailures.size()).append('\n');
        for (Flooder f : List.of(floodWs, floodBosh)) {
            r.append("  ").append(f.peer().name()).append(": handed over ").append(f.sent()).append(" in ").append(f.millis())
                .append(" ms, delivered ")
                .append(ledger.delivered(f.peer().name())).append(", ended: ").append(f.peer().ended())
                .append(f.failure() == null ? "" : ", send failure: " + f.failure()).append('\n');
        }
        r.append("  misbehaviours played: ").append(badRuns.values().stream().mapToInt(AtomicInteger::get).sum())
            .append(" (").append(badRuns.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "))).append(")\n");
        r.append("  problems: ").append(badProblems).append('\n');
        r.append("  portico: sessions by transport ").append(portico.server().sessions().sizeByTransport())
            .append(", stream errors ").append(portico.server().sessions().errorCounts());
        return r.toString();
    }

    /** Prosody's own warnings and errors, to tell a slow or unhappy server from a Portico fault. */
    private static String prosodyComplaints(ProsodyServer prosody) {
        String lines = prosody.logTail(5_000).lines().filter(l -> l.contains("\twarn\t") || l.contains("\terror\t"))
            .limit(40).collect(Collectors.joining("\n    "));
        return lines.isEmpty() ? "" : "\n  prosody warnings:\n    " + lines;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static String first(List<String> items) {
        return items.isEmpty() ? "-" : items.get(0);
    }

    /** Prosody throttles every c2s stream (mod_limits pauses reading) except the listed users'. */
    private static String throttleAllBut(List<String> users, List<String> others) {
        String unlimited = java.util.stream.Stream.concat(users.stream(), others.stream())
            .map(u -> "\"" + u + "@" + DOMAIN + "\"").collect(Collectors.joining(", "));
        return "limits = { c2s = { rate = \"" + THROTTLE_BYTES_PER_SECOND / 1000 + "kb/s\"; burst = \"1s\" } }\n"
            + "unlimited_jids = { " + unlimited + " }";
    }
}
