package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.portico.config.TlsPolicy;
import dev.portico.config.UpstreamConfig;
import dev.portico.config.UpstreamDomain;
import dev.portico.testing.ScriptedXmppPeer;
import dev.portico.upstream.UpstreamConnector;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The browser-facing life cycle of a session over a scripted upstream (what Prosody never sends). */
class ClientSessionTest {
    private final QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
    private final RecordingSink sink = new RecordingSink();
    private ScriptedXmppPeer peer;
    private UpstreamConnector connector;
    private ClientSession session;

    @BeforeEach
    void start() throws Exception {
        threads.start();
        scheduler.start();
        peer = new ScriptedXmppPeer();
        UpstreamConfig config = new UpstreamConfig(
            Map.of("example.test", new UpstreamDomain("example.test", Optional.of("127.0.0.1"), peer.port())),
            TlsPolicy.DISABLED, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(1),
            1 << 20, Duration.ofSeconds(60));
        connector = new UpstreamConnector(config, threads, scheduler);
        connector.start();
        SessionServices services = new SessionServices(connector, scheduler, new SessionRegistry(10, 10), 1 << 20,
            Duration.ofSeconds(5), Duration.ofSeconds(1), 1 << 20);
        session = new ClientSession(services, sink, "127.0.0.1", "test");
    }

    @AfterEach
    void stop() throws Exception {
        connector.stop();
        peer.close();
        scheduler.stop();
        threads.stop();
    }

    @Test
    void aServerRedirectReachesTheBrowserAsTheServersStreamErrorAndNeverAsAPlaceToGo() throws Exception {
        session.open("example.test", "en");
        peer.acceptAndReadHeader();
        peer.send(ScriptedXmppPeer.HEADER + ScriptedXmppPeer.FEATURES);
        await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == ClientSession.State.OPEN);
        peer.send("<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>evil.example:443"
            + "</see-other-host></stream:error>");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.closes == 1);
        assertThat(session.state()).isEqualTo(ClientSession.State.CLOSED);
        assertThat(sink.errors).containsExactly(StreamErrorCondition.SEE_OTHER_HOST);
        // Portico said goodbye to the server cleanly.
        assertThat(peer.readUntil("</stream:stream>")).endsWith("</stream:stream>");
    }

    @Test
    void theSessionOpensOnlyOnceTheServersFeaturesSettledAndClosesOnce() throws Exception {
        session.open("example.test", "en");
        assertThat(session.state()).isEqualTo(ClientSession.State.CONNECTING);
        peer.acceptAndReadHeader();
        peer.send(ScriptedXmppPeer.HEADER);
        assertThat(session.state()).isEqualTo(ClientSession.State.CONNECTING);
        peer.send(ScriptedXmppPeer.FEATURES);
        await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == ClientSession.State.OPEN);
        assertThat(sink.opens).isEqualTo(1);
        session.close();
        session.close();
        session.clientGone();
        peer.readUntil("</stream:stream>");
        peer.send("</stream:stream>");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.closes == 1);
        assertThat(session.state()).isEqualTo(ClientSession.State.CLOSED);
        assertThat(sink.errors).isEmpty();
    }

    @Test
    void closingWhileTheServerIsStillNegotiatingEndsAtOnceWithoutAClosingTag() throws Exception {
        session.open("example.test", "en");
        peer.acceptAndReadHeader();
        peer.send(ScriptedXmppPeer.HEADER);
        await().atMost(Duration.ofSeconds(10)).until(() -> session.queuedUpstreamBytes() == 0);
        session.close();
        // Nothing to say goodbye to (the browser never saw this stream): no close grace period either.
        assertThat(session.state()).isEqualTo(ClientSession.State.CLOSED);
        assertThat(sink.closes).isEqualTo(1);
        assertThat(sink.errors).isEmpty();
    }

    @Test
    void aSecondOpenWhileConnectingIsIgnored() throws Exception {
        session.open("example.test", "en");
        session.open("example.test", "en");
        peer.acceptAndReadHeader();
        assertThat(session.state()).isEqualTo(ClientSession.State.CONNECTING);
        assertThat(sink.errors).isEmpty();
    }

    /** Records what the browser would see. */
    private static final class RecordingSink implements ClientSink {
        final List<StreamErrorCondition> errors = new CopyOnWriteArrayList<>();
        volatile int opens;
        volatile int closes;

        @Override
        public void streamOpened(StreamInfo info) {
            opens++;
        }

        @Override
        public void element(ParsedElement element, byte[] xml, Callback done) {
            done.succeeded();
        }

        @Override
        public void streamError(StreamErrorCondition condition, String text, String serverErrorXml) {
            errors.add(condition);
        }

        @Override
        public void closed() {
            closes++;
        }
    }
}
