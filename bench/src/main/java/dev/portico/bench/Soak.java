package dev.portico.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import dev.portico.testing.ProsodyServer;

/**
 * The soak command of issue 8 ({@code bench/soak.sh}): for a long time, many sessions through one Portico
 * (child JVM) in front of a real Prosody, half over WebSocket and half over BOSH, each pair one WebSocket
 * user and one BOSH user chatting both ways at a steady total rate, with churn: pairs are taken out in
 * turn, their in-flight messages awaited, both sessions closed and logged in again with a new resource.
 * Reports messages sent, received and lost (must be 0), sessions broken, reconnects, and Portico's heap
 * after GC, threads and descriptors at the start and the end.
 *
 * <p>Options ({@code key=value}): {@code minutes} (60), {@code sessions} (1000, even), {@code rate} (total
 * msg/s, default one message per session every 2 s), {@code churnPerMinute} (pairs reconnected per minute,
 * default a tenth of the pairs), {@code out} (bench/results/soak-latest.md).
 */
public final class Soak {
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Endpoint ws;
    private final Endpoint bosh;
    private final String password;
    private final int parallel = 16;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger brokenSessions = new AtomicInteger();
    private final List<String> breakReasons = new ArrayList<>();

    private Soak(Endpoint ws, Endpoint bosh, String password) {
        this.ws = ws;
        this.bosh = bosh;
        this.password = password;
    }

    /** One chatting pair: a WebSocket user and a BOSH user; counters of messages in flight between them. */
    private final class Pair {
        final String wsUser;
        final String boshUser;
        volatile XmppLink a;
        volatile XmppLink b;
        volatile String toB;
        volatile String toA;
        volatile boolean paused;
        final AtomicLong pairSent = new AtomicLong();
        final AtomicLong pairReceived = new AtomicLong();
        int generation;

        Pair(String wsUser, String boshUser) {
            this.wsUser = wsUser;
            this.boshUser = boshUser;
        }

        void connect() throws Exception {
            String resource = "soak" + generation++;
            XmppLink na = Logins.loginAll(ws, List.of(wsUser), Bench.DOMAIN, password, resource, 1).get(0);
            XmppLink nb;
            try {
                nb = Logins.loginAll(bosh, List.of(boshUser), Bench.DOMAIN, password, resource, 1).get(0);
            } catch (Exception e) {
                na.close();
                throw e;
            }
            toB = "<message xmlns='jabber:client' type='chat' to='" + nb.jid() + "'><body>";
            toA = "<message xmlns='jabber:client' type='chat' to='" + na.jid() + "'><body>";
            na.onStanza(this::receive);
            nb.onStanza(this::receive);
            a = na;
            b = nb;
        }

        /** Sends unless the pair is being reconnected; the lock makes "paused" and "counted" exclusive. */
        synchronized void send(boolean fromA) {
            if (paused) {
                return;
            }
            pairSent.incrementAndGet();
            sent.incrementAndGet();
            try {
                (fromA ? a : b).send((fromA ? toB : toA) + System.nanoTime() + " soak</body></message>");
            } catch (RuntimeException e) {
                // a broken session: the message stays counted as sent, so it shows up as lost
            }
        }

        private synchronized void pause(boolean value) {
            paused = value;
        }

        private void receive(String element) {
            if (element.startsWith("<message") && element.contains("<body>")) {
                pairReceived.incrementAndGet();
                received.incrementAndGet();
            }
        }

        /** Stops traffic, waits for what is in flight, closes both sessions and logs in again. */
        void churn() throws Exception {
            pause(true);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (pairReceived.get() < pairSent.get() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                // A message still missing stays missing in the global counters (reported as lost); the pair's
                // own counters start level so the next reconnect does not wait for it again.
                pairSent.set(pairReceived.get());
                countBroken(a);
                countBroken(b);
                a.close();
                b.close();
                connect();
                reconnects.incrementAndGet();
            } finally {
                pause(false);
            }
        }
    }

    private void countBroken(XmppLink link) {
        if (link.broken()) {
            brokenSessions.incrementAndGet();
            synchronized (breakReasons) {
                if (breakReasons.size() < 5) {
                    breakReasons.add(link.brokenReason());
                }
            }
        }
    }

    /** Runs the soak; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            o.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int minutes = Integer.parseInt(o.getOrDefault("minutes", "60"));
        int sessions = Integer.parseInt(o.getOrDefault("sessions", "1000")) / 2 * 2;
        int pairsCount = sessions / 2;
        double rate = Double.parseDouble(o.getOrDefault("rate", String.valueOf(sessions / 2.0)));
        int churnPerMinute = Integer.parseInt(o.getOrDefault("churnPerMinute", String.valueOf(Math.max(1, pairsCount / 10))));
        Path out = Path.of(o.getOrDefault("out", "bench/results/soak-latest.md"));
        Instant started = Instant.now();
        String loadStart = Bench.loadAverage();
        List<String> users = IntStream.range(0, sessions).mapToObj(i -> "u" + i).toList();
        Path work = Files.createTempDirectory("portico-soak");
        try (ProsodyServer prosody = ProsodyServer.builder().domain(Bench.DOMAIN).users(users.toArray(String[]::new))
            .requireEncryption(false)
            .extraConfig("network_settings = { shutdown_deadline = 0.5; tcp_backlog = 4096 }")
            .extraConfig("default_iteration_count = 1000").start();
             PorticoProcess portico = PorticoProcess.start(work, Bench.DOMAIN, prosody.c2sPort(), Bench.PORTICO_JVM);
             Endpoint ws = Endpoint.webSocket("soak WebSocket", portico.webSocketUri());
             Endpoint bosh = Endpoint.bosh("soak BOSH", portico.boshUri(), 60)) {
            Soak soak = new Soak(ws, bosh, prosody.password());
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < pairsCount; i++) {
                pairs.add(soak.new Pair(users.get(2 * i), users.get(2 * i + 1)));
            }
            Bench.log("soak: logging in " + sessions + " sessions (" + pairsCount + " WebSocket + " + pairsCount + " BOSH)");
            soak.connectAll(pairs);
            Snapshot start = Snapshot.take(portico);
            Bench.log("soak: start " + start);
            soak.run(pairs, rate, churnPerMinute, TimeUnit.MINUTES.toNanos(minutes));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (soak.received.get() < soak.sent.get() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Snapshot end = Snapshot.take(portico);
            Bench.log("soak: end " + end);
            for (Pair p : pairs) {
                soak.countBroken(p.a);
                soak.countBroken(p.b);
            }
            String report = soak.report(started, minutes, sessions, rate, churnPerMinute, start, end, loadStart);
            for (Pair p : pairs) {
                p.a.close();
                p.b.close();
            }
            portico.awaitNoSessions(60);
            Snapshot closed = Snapshot.take(portico);
            report += "\nAfter closing every session: " + closed + ".\n";
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.println(report);
        }
        System.exit(0);
    }

    private void connectAll(List<Pair> pairs) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (Pair p : pairs) {
                futures.add(pool.submit(() -> {
                    p.connect();
                    return null;
                }));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Open-loop traffic over random unpaused pairs; a churn thread reconnects pairs meanwhile. */
    private void run(List<Pair> pairs, double rate, int churnPerMinute, long nanos) throws Exception {
        long start = System.nanoTime();
        long end = start + nanos;
        Thread churner = new Thread(() -> {
            long interval = TimeUnit.MINUTES.toNanos(1) / Math.max(1, churnPerMinute);
            int next = 0;
            long due = System.nanoTime() + interval;
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
                due += interval;
                try {
                    pairs.get(next++ % pairs.size()).churn();
                } catch (Exception e) {
                    Bench.log("soak: reconnect failed: " + e);
                    brokenSessions.incrementAndGet();
                }
            }
        }, "bench-soak-churn");
        churner.setDaemon(true);
        churner.start();
        long nextReport = start + REPORT_EVERY_NANOS;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long k = 0; ; k++) {
            long due = start + (long) (k * 1e9 / rate);
            if (due >= end) {
                break;
            }
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            Pair p = pairs.get(random.nextInt(pairs.size()));
            p.send(random.nextBoolean());
            if (due > nextReport) {
                nextReport += REPORT_EVERY_NANOS;
                Bench.log(String.format(Locale.ROOT, "soak: %d s, sent %d, received %d, reconnects %d, broken %d",
                    (due - start) / 1_000_000_000L, sent.get(), received.get(), reconnects.get(), brokenSessions.get()));
            }
        }
        churner.join(TimeUnit.SECONDS.toMillis(90));
    }

    private String report(Instant started, int minutes, int sessions, double rate, int churnPerMinute, Snapshot start,
                          Snapshot end, String loadStart) {
        long lost = Math.max(0, sent.get() - received.get());
        StringBuilder md = new StringBuilder();
        md.append("# Portico soak\n\n");
        md.append("Run ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC) by `bench/soak.sh`: ")
            .append(minutes).append(" min, ").append(sessions).append(" sessions through one Portico (half WebSocket, half"
                + " BOSH; each pair one of each, chatting both ways), ")
            .append(String.format(Locale.ROOT, "%.0f", rate)).append(" msg/s in total, ").append(churnPerMinute)
            .append(" pairs reconnected per minute (traffic paused, in-flight messages awaited, both sessions closed"
                + " and logged in again). Load average ").append(loadStart).append(" at start, ")
            .append(Bench.loadAverage()).append(" at end.\n\n");
        md.append("| messages sent | received | lost | sessions broken | reconnects |\n|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(sent.get()).append(" | ").append(received.get()).append(" | ").append(lost)
            .append(" | ").append(brokenSessions.get()).append(" | ").append(reconnects.get()).append(" |\n\n");
        md.append("| Portico | heap after GC | threads | fds | RSS | live sessions |\n|---|---:|---:|---:|---:|---:|\n");
        md.append(start.row("start (all logged in, before traffic)")).append(end.row("end (traffic drained)"));
        synchronized (breakReasons) {
            for (String reason : breakReasons) {
                md.append("\nbroken: ").append(reason).append('\n');
            }
        }
        return md.toString();
    }

    /** Portico's state at one moment. */
    private record Snapshot(long heap, int threads, int fds, long rss, int sessions) {
        static Snapshot take(PorticoProcess portico) throws Exception {
            long heap = portico.heapAfterGc();
            ProcStats.Reading r = ProcStats.read(portico.pid());
            return new Snapshot(heap, r.threads(), r.fds(), r.rssBytes(), portico.stats().sessions());
        }

        String row(String label) {
            return String.format(Locale.ROOT, "| %s | %.1f MiB | %d | %d | %.1f MiB | %d |%n", label, heap / 1048576.0,
                threads, fds, rss / 1048576.0, sessions);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap after GC %.1f MiB, %d threads, %d fds, RSS %.1f MiB, %d sessions",
                heap / 1048576.0, threads, fds, rss / 1048576.0, sessions);
        }
    }
}
