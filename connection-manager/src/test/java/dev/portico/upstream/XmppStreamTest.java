package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portico.config.TlsPolicy;
import dev.portico.config.UpstreamConfig;
import dev.portico.config.UpstreamDomain;
import dev.portico.testing.ScriptedXmppPeer;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream stream against a scripted TCP peer on loopback — the one place a fake server is right:
 * these are things no real server does on purpose (bytes injected after {@code <proceed/>}, a server that
 * stops reading) and interleavings that must be forced.
 */
class XmppStreamTest {
    private static final String HEADER = ScriptedXmppPeer.HEADER;
    private static final String FEATURES = ScriptedXmppPeer.FEATURES;

    private final QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
    private final ExecutorService browserSide = Executors.newFixedThreadPool(2);
    private final Recorder recorder = new Recorder();
    private ScriptedXmppPeer peer;
    private UpstreamConnector connector;

    @BeforeEach
    void start() throws Exception {
        threads.start();
        scheduler.start();
        peer = new ScriptedXmppPeer();
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.stop();
        }
        peer.close();
        browserSide.shutdownNow();
        scheduler.stop();
        threads.stop();
    }

    private XmppStream stream(TlsPolicy tls, Duration keepAlive, long maxQueuedBytes) throws Exception {
        UpstreamConfig config = new UpstreamConfig(
            Map.of("example.test", new UpstreamDomain("example.test", Optional.of("127.0.0.1"), peer.port())),
            tls, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(1), 1 << 20, keepAlive);
        connector = new UpstreamConnector(config, threads, scheduler);
        connector.start();
        XmppStream stream = new XmppStream(connector, "example.test", recorder, "test", 1 << 20, maxQueuedBytes);
        stream.connect("en");
        return stream;
    }

    private Socket acceptAndOpen() throws IOException {
        return peer.acceptAndReadHeader();
    }

    @Test
    void noMessageStallsWhenTheBrowserTakesElementsOnOtherThreadsWhileTheReaderPauses() throws Exception {
        int messages = 3_000;
        XmppStream stream = stream(TlsPolicy.DISABLED, Duration.ofSeconds(60), 1 << 20);
        // Every element is taken on another thread; half the time exactly inside the reader's pause window.
        recorder.takeOnOtherThread = true;
        AtomicInteger hook = new AtomicInteger();
        stream.demand().beforePausePublished(() -> {
            if (hook.incrementAndGet() % 2 == 0) {
                recorder.drainPendingTakesAndWait();
            }
        });
        try (Socket server = acceptAndOpen()) {
            OutputStream out = server.getOutputStream();
            out.write((HEADER + FEATURES).getBytes(StandardCharsets.UTF_8));
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < messages; i++) {
                burst.append("<message to='a@example.test'><body>m").append(i).append("</body></message>");
                if (i % 7 == 6) {
                    // Many small writes, so reads end at many points and the reader pauses often.
                    out.write(burst.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    burst.setLength(0);
                }
            }
            out.write(burst.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(recorder.messages).hasSize(messages));
        }
        assertThat(hook.get()).as("the reader paused at least once").isPositive();
        for (int i = 0; i < messages; i++) {
            assertThat(recorder.messages.get(i)).contains(">m" + i + "<");
        }
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void readingStopsWhileTheBrowserSideHoldsAnElementAndResumesWhenItIsTaken() throws Exception {
        XmppStream stream = stream(TlsPolicy.DISABLED, Duration.ofSeconds(60), 1 << 20);
        recorder.hold = true;
        try (Socket server = acceptAndOpen()) {
            OutputStream out = server.getOutputStream();
            out.write((HEADER + FEATURES).getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(stream::isReadingPaused);
            // The features are held by the browser side: nothing more is read, whatever the server sends.
            byte[] chunk = ("<message><body>" + "x".repeat(1000) + "</body></message>").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 300; i++) {
                out.write(chunk);
            }
            out.flush();
            assertThat(recorder.messages).isEmpty();
            assertThat(stream.queuedDownstreamBytes()).isLessThanOrEqualTo(FEATURES.length() + 200);
            recorder.hold = false;
            recorder.releaseHeld();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.messages).hasSize(300));
        }
    }

    @Test
    void bytesInjectedAfterProceedInTheSameReadEndTheStreamBeforeTlsAndAreNeverParsed() throws Exception {
        stream(TlsPolicy.REQUIRED, Duration.ofSeconds(60), 1 << 20);
        try (Socket server = acceptAndOpen()) {
            OutputStream out = server.getOutputStream();
            out.write((HEADER + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
                + "</starttls></stream:features>").getBytes(StandardCharsets.UTF_8));
            out.flush();
            peer.readUntil("<starttls");
            // An attacker on the path answers <proceed/> and appends its own plaintext stream.
            out.write(("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + HEADER + FEATURES
                + "<message><body>injected</body></message>").getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recorder.failures).isNotEmpty());
        }
        assertThat(recorder.failures.get(0)).isEqualTo(StreamErrorCondition.REMOTE_CONNECTION_FAILED);
        assertThat(recorder.opened).isEmpty();
        assertThat(recorder.messages).isEmpty();
    }

    @Test
    void aServerThatStopsReadingEndsTheStreamWithPolicyViolationOnceTheQueueIsFull() throws Exception {
        int cap = 64 << 10;
        XmppStream stream = stream(TlsPolicy.DISABLED, Duration.ofSeconds(60), cap);
        try (Socket server = acceptAndOpen()) {
            server.setReceiveBufferSize(4096);
            OutputStream out = server.getOutputStream();
            out.write((HEADER + FEATURES).getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.opened.isEmpty());
            // The server reads nothing more; the browser side keeps writing without waiting for callbacks.
            byte[] stanza = ("<message><body>" + "y".repeat(4000) + "</body></message>").getBytes(StandardCharsets.UTF_8);
            AtomicInteger refused = new AtomicInteger();
            long maxQueued = 0;
            for (int i = 0; i < 2_000 && recorder.failures.isEmpty(); i++) {
                stream.write(ByteBuffer.wrap(stanza), Callback.from(() -> { }, x -> refused.incrementAndGet()));
                maxQueued = Math.max(maxQueued, stream.queuedUpstreamBytes());
            }
            assertThat(recorder.failures).containsExactly(StreamErrorCondition.POLICY_VIOLATION);
            assertThat(refused.get()).isPositive();
            assertThat(maxQueued).isLessThanOrEqualTo(cap);
        }
    }

    @Test
    void aServerThatReadsNothingForAKeepAlivePeriodWhileAWriteWaitsIsReported() throws Exception {
        XmppStream stream = stream(TlsPolicy.DISABLED, Duration.ofMillis(500), 64 << 20);
        try (Socket server = acceptAndOpen()) {
            OutputStream out = server.getOutputStream();
            out.write((HEADER + FEATURES).getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.opened.isEmpty());
            byte[] big = new byte[8 << 20];
            java.util.Arrays.fill(big, (byte) ' ');
            // Far more than the socket buffers hold: the write stays pending while the server reads nothing.
            stream.write(ByteBuffer.wrap(big), Callback.NOOP);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(recorder.failures).containsExactly(StreamErrorCondition.REMOTE_CONNECTION_FAILED));
        }
    }

    /** The session side of the test: records what the stream reports. */
    private final class Recorder implements XmppStream.Listener {
        final List<ParsedElement> opened = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<StreamErrorCondition> failures = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedQueue<Callback> pending = new ConcurrentLinkedQueue<>();
        volatile boolean takeOnOtherThread;
        volatile boolean hold;

        @Override
        public void streamOpened(ParsedElement header) {
            opened.add(header);
        }

        @Override
        public void element(ParsedElement element, byte[] xml, Callback taken) {
            if ("message".equals(element.localName())) {
                messages.add(new String(xml, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (hold || takeOnOtherThread) {
                pending.add(taken);
                if (!hold) {
                    browserSide.execute(this::drainPendingTakes);
                }
            } else {
                taken.succeeded();
            }
        }

        void drainPendingTakes() {
            Callback c;
            while ((c = pending.poll()) != null) {
                c.succeeded();
            }
        }

        /** Takes everything pending on another thread and waits for it: the take lands inside the window. */
        void drainPendingTakesAndWait() {
            try {
                browserSide.submit(this::drainPendingTakes).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        void releaseHeld() {
            drainPendingTakes();
        }

        @Override
        public void serverError(ParsedElement error) {
            failures.add(StreamErrorCondition.UNDEFINED_CONDITION);
        }

        @Override
        public void serverClosed() {
        }

        @Override
        public void failed(StreamErrorCondition condition, String text) {
            failures.add(condition);
        }

        @Override
        public void disconnected(Throwable cause) {
        }
    }
}
