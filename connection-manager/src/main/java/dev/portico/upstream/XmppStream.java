package dev.portico.upstream;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.portico.config.TlsPolicy;
import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import dev.portico.xml.StreamParser;
import dev.portico.xml.XmlStreamException;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream c2s stream as the browser's session sees it: connection, stream header and features,
 * STARTTLS (done by Portico and hidden from the browser), the parser restart after SASL success,
 * whitespace keep-alive, and flow control in both directions.
 *
 * <p>Flow control. Server to browser: every element handed to the {@link Listener} counts in a
 * {@link ReadDemand} until its callback completes; the socket is read only while none is outstanding
 * (see {@link ReadDemand} for why no wake-up is lost). Browser to server: bytes passed to {@link #write}
 * count until written; beyond {@code maxQueuedBytes} (one write always passes) the stream fails with
 * {@code policy-violation}. Elements waiting for the browser are bounded the same way. Nothing is ever
 * dropped: a write is either written or its callback fails and the listener hears {@link Listener#failed}.
 *
 * <p>Threading: reads and parser callbacks run on one I/O thread at a time (fill interest serializes
 * them); the negotiation {@link Phase} is changed only there (and by {@link #terminate}, which only ever
 * moves it to CLOSED). Writes and {@link #terminate} may come from any thread.
 */
public final class XmppStream implements UpstreamListener, StreamParser.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(XmppStream.class);

    /** What the session hears from its upstream stream. Called from I/O threads, one call at a time. */
    public interface Listener {
        /** The server's stream header, once TLS is settled (and again after each restart). */
        void streamOpened(ParsedElement header);

        /**
         * An element for the browser ({@code xml}: its standalone UTF-8 bytes, a new array the listener may
         * keep); complete {@code taken} once it is handed on.
         */
        void element(ParsedElement element, byte[] xml, Callback taken);

        /** The server sent {@code <stream:error>}. */
        void serverError(ParsedElement error);

        /** The server closed its stream ({@code </stream:stream>}). */
        void serverClosed();

        /** The stream cannot go on; {@code text} is for the browser, the details were logged. */
        void failed(StreamErrorCondition condition, String text);

        /** The TCP connection is gone. */
        void disconnected(Throwable cause);

        /** The TCP connection could not be made (for metrics; {@link #failed} follows). */
        default void connectFailed(Throwable cause) {
        }

        /** How TLS with the server turned out, a short fixed word (for metrics). */
        default void tlsOutcome(String outcome) {
        }
    }

    /** Negotiation phases; the browser sees the stream only from OPEN. */
    enum Phase { CONNECTING, NEGOTIATING, STARTTLS, OPEN, CLOSED }

    private final UpstreamConnector connector;
    private final String domain;
    private final Listener listener;
    private final String owner;
    private final StreamParser parser;
    private final ReadDemand demand = new ReadDemand(this::resumeReading);
    private final ByteBudget queuedUp;
    private final ByteBudget queuedDown;
    private final AtomicBoolean terminated = new AtomicBoolean();
    /** The listener hears of a failure once; later ones (a stalled server seen again, say) add nothing. */
    private final AtomicBoolean failureReported = new AtomicBoolean();

    private final InetSocketAddress client;
    private volatile Phase phase = Phase.CONNECTING;
    private volatile UpstreamLink link;
    private volatile String lang = "en";
    /** The header seen while negotiating; the browser gets it once the features settle TLS. I/O thread only. */
    private ParsedElement heldHeader;
    /** {@code <proceed/>} arrived in the read being parsed; TLS starts once that read proved clean. I/O thread only. */
    private boolean proceedSeen;

    /**
     * @param owner          names the session in log lines
     * @param maxElementSize largest element accepted from the server, in bytes
     * @param maxQueuedBytes most bytes accepted but not yet delivered, per direction
     */
    public XmppStream(UpstreamConnector connector, String domain, Listener listener, String owner,
                      int maxElementSize, long maxQueuedBytes) {
        this(connector, domain, null, listener, owner, maxElementSize, maxQueuedBytes);
    }

    /**
     * @param client the browser's address, for the PROXY protocol header of domains that send one; null if unknown
     */
    public XmppStream(UpstreamConnector connector, String domain, InetSocketAddress client, Listener listener,
                      String owner, int maxElementSize, long maxQueuedBytes) {
        this.client = client;
        this.connector = connector;
        this.domain = domain;
        this.listener = listener;
        this.owner = owner;
        this.queuedUp = new ByteBudget(maxQueuedBytes);
        this.queuedDown = new ByteBudget(maxQueuedBytes);
        this.parser = new StreamParser(this, maxElementSize);
    }

    // ---------------------------------------------------------------- commands

    /** Connects and sends the stream header. Failures arrive as {@link Listener#failed}. */
    public void connect(String requestedLang) {
        if (requestedLang != null && !requestedLang.isBlank()) {
            lang = requestedLang;
        }
        connector.connect(domain, client, this, new Promise<>() {
            @Override
            public void succeeded(UpstreamLink connected) {
                link = connected;
                if (terminated.get()) {
                    connected.close();
                    return;
                }
                LOG.debug("{}: connected to {}", owner, connected);
                phase = Phase.NEGOTIATING;
                writeControl(StreamHeaders.open(domain, lang));
            }

            @Override
            public void failed(Throwable cause) {
                LOG.warn("{}: cannot connect to the XMPP server for {}: {}", owner, domain, cause.toString());
                listener.connectFailed(cause);
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "cannot reach the XMPP server");
            }
        });
    }

    /** The browser restarted the stream (after SASL success): send a new header. */
    public void restart(String requestedLang) {
        if (requestedLang != null && !requestedLang.isBlank()) {
            lang = requestedLang;
        }
        writeControl(StreamHeaders.open(domain, lang));
    }

    /**
     * Writes a browser's stanza (its bytes, standalone). {@code done} completes once written, or fails when
     * the stream is gone or over its queue limit (then {@link Listener#failed} follows).
     */
    public void write(ByteBuffer bytes, Callback done) {
        long size = bytes.remaining();
        if (!queuedUp.tryTake(size)) {
            done.failed(new IllegalStateException("upstream queue full"));
            overQueueLimit("the XMPP server to read them");
            return;
        }
        UpstreamLink l = link;
        if (l == null) {
            queuedUp.release(size);
            done.failed(new IllegalStateException("not connected"));
            return;
        }
        l.write(bytes, new Written(size, done));
    }

    /**
     * Sends our closing tag if the stream is open; the server's answer arrives as
     * {@link Listener#serverClosed}. While still negotiating (the browser never saw this stream) there is
     * nobody to say goodbye to: nothing is sent, the caller just terminates.
     *
     * @return whether a closing tag was sent and an answer is worth waiting for
     */
    public boolean sendClose() {
        if (phase != Phase.OPEN || link == null) {
            return false;
        }
        writeControl(StreamHeaders.CLOSE_TAG);
        return true;
    }

    /** Sends our closing tag in answer to the server's; {@code then} runs once it is written or failed. */
    public void answerClose(Runnable then) {
        UpstreamLink l = link;
        if (l == null) {
            then.run();
            return;
        }
        l.write(ByteBuffer.wrap(StreamHeaders.CLOSE_TAG), Callback.from(then, x -> then.run()));
    }

    /** Closes the connection at once. Idempotent; nothing is reported to the listener afterwards but loss. */
    public void terminate() {
        if (terminated.compareAndSet(false, true)) {
            phase = Phase.CLOSED;
            UpstreamLink l = link;
            if (l != null) {
                l.close();
            }
        }
    }

    /** Bytes from the browser accepted and not yet written to the server. */
    public long queuedUpstreamBytes() {
        return queuedUp.queued();
    }

    /** Bytes from the server handed to the browser side and not yet taken. */
    public long queuedDownstreamBytes() {
        return queuedDown.queued();
    }

    /** Elements handed to the browser side and not yet taken. */
    public int outstandingElements() {
        return demand.outstanding();
    }

    /** Whether reading from the server is paused for back-pressure. */
    public boolean isReadingPaused() {
        return demand.isPaused();
    }

    Phase phase() {
        return phase;
    }

    ReadDemand demand() {
        return demand;
    }

    // ---------------------------------------------------------------- upstream events (I/O thread)

    @Override
    public boolean onBytes(ByteBuffer bytes) {
        if (phase == Phase.CLOSED) {
            return false;
        }
        try {
            parser.feed(bytes);
        } catch (XmlStreamException e) {
            if (phase == Phase.CLOSED) {
                return false;
            }
            if (proceedSeen) {
                LOG.warn("{}: bytes followed <proceed/> before the TLS handshake (possible STARTTLS injection): {}",
                    owner, e.getMessage());
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "TLS with the XMPP server failed");
                return false;
            }
            LOG.warn("{}: bad XML from the XMPP server: {} ({})", owner, e.condition().wireName(), e.getMessage());
            fail(e.condition(), "the XMPP server sent invalid XML");
            return false;
        }
        if (proceedSeen) {
            // <proceed/> ended this read exactly (the parser checked): switch to TLS on this same read path.
            proceedSeen = false;
            startTls();
            return false;
        }
        return !demand.pauseIfOutstanding();
    }

    @Override
    public void onIdle() {
        Phase p = phase;
        UpstreamLink l = link;
        if (l == null || (p != Phase.OPEN && p != Phase.NEGOTIATING) || failureReported.get()) {
            return;
        }
        if (l.isWriting()) {
            // Idle means no read and no write progress for a whole keep-alive period: the server stopped
            // reading. Waiting longer only holds the browser's stanzas hostage.
            LOG.warn("{}: the XMPP server has not read anything for a keep-alive period; closing the session", owner);
            fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the XMPP server stopped reading");
            return;
        }
        writeControl(StreamHeaders.KEEP_ALIVE);
    }

    @Override
    public void onDisconnected(Throwable cause) {
        phase = Phase.CLOSED;
        listener.disconnected(cause);
    }

    @Override
    public void onStreamOpen(ParsedElement header) {
        Phase p = phase;
        if (p == Phase.NEGOTIATING || p == Phase.STARTTLS) {
            // Whether the browser gets this header depends on the features that follow (STARTTLS first?).
            heldHeader = header;
            return;
        }
        if (p == Phase.OPEN) {
            listener.streamOpened(header);
        }
    }

    @Override
    public void onElement(ParsedElement element) {
        Phase p = phase;
        if (p == Phase.CLOSED) {
            return;
        }
        String ns = element.namespaceUri();
        String name = element.localName();
        if (Namespaces.STREAMS.equals(ns) && "error".equals(name)) {
            listener.serverError(element);
            return;
        }
        if (p == Phase.NEGOTIATING && Namespaces.STREAMS.equals(ns) && "features".equals(name)) {
            onFirstFeatures(element);
            return;
        }
        if (p == Phase.STARTTLS) {
            onStartTlsAnswer(element);
            return;
        }
        if (p != Phase.OPEN) {
            LOG.warn("{}: the XMPP server sent <{}> before its stream features", owner, name);
            fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the XMPP server broke the protocol");
            return;
        }
        if (Namespaces.SASL.equals(ns) && "success".equals(name)) {
            // The server restarts its stream after <success/>; what follows is a new document.
            parser.restart();
        }
        forward(element, element.standaloneUtf8());
    }

    @Override
    public void onStreamClose() {
        listener.serverClosed();
    }

    // ---------------------------------------------------------------- STARTTLS

    private void onFirstFeatures(ParsedElement features) {
        TlsPolicy policy = connector.config().tls();
        TlsDecision decision = TlsDecision.decide(features, policy, link.isSecure());
        switch (decision.action()) {
            case START_TLS -> {
                phase = Phase.STARTTLS;
                writeControl(StreamHeaders.STARTTLS);
            }
            case REFUSE -> {
                LOG.warn("{}: {} ({})", owner, decision.reason(), domain);
                listener.tlsOutcome("policy-mismatch");
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                    "the XMPP server's TLS does not match this gateway's policy");
            }
            case SETTLED -> {
                link.tlsSettled();
                listener.tlsOutcome(link.isSecure() ? "secure" : "plaintext");
                phase = Phase.OPEN;
                ParsedElement header = heldHeader;
                heldHeader = null;
                if (header != null) {
                    listener.streamOpened(header);
                }
                forward(features, decision.featuresForClient().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void onStartTlsAnswer(ParsedElement answer) {
        if (!Namespaces.TLS.equals(answer.namespaceUri()) || !"proceed".equals(answer.localName())) {
            LOG.warn("{}: the XMPP server refused STARTTLS ({})", owner, answer.localName());
            listener.tlsOutcome("refused");
            fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the XMPP server refused TLS");
            return;
        }
        // Anything after <proceed/> in this read arrived before TLS: nobody authenticated sent it, so it
        // must never be parsed as part of the encrypted stream. The parser fails this feed if such bytes
        // exist, before looking at them; only a clean feed gets to startTls() (in onBytes).
        parser.restartWithNothingAfter();
        proceedSeen = true;
    }

    private void startTls() {
        try {
            link.startTls();
        } catch (Exception e) {
            LOG.warn("{}: TLS setup with the XMPP server failed: {}", owner, e.toString());
            listener.tlsOutcome("failed");
            fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "TLS with the XMPP server failed");
            return;
        }
        heldHeader = null;
        phase = Phase.NEGOTIATING;
        link.write(ByteBuffer.wrap(StreamHeaders.open(domain, lang)), Callback.from(() -> { }, x ->
            fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "TLS with the XMPP server failed")));
    }

    // ---------------------------------------------------------------- plumbing

    private void forward(ParsedElement element, byte[] xml) {
        long size = xml.length;
        if (!queuedDown.tryTake(size)) {
            overQueueLimit("the browser to take them");
            return;
        }
        demand.handedOut();
        listener.element(element, xml, new Taken(size));
    }

    private void fail(StreamErrorCondition condition, String text) {
        if (failureReported.compareAndSet(false, true)) {
            listener.failed(condition, text);
        }
    }

    private void overQueueLimit(String waitingFor) {
        LOG.warn("{}: more than {} bytes waiting for {}; closing the session (limits.max-queued-bytes)",
            owner, queuedUp.cap(), waitingFor);
        fail(StreamErrorCondition.POLICY_VIOLATION,
            "too much data waiting for " + waitingFor + " (limits.max-queued-bytes)");
    }

    private void resumeReading() {
        UpstreamLink l = link;
        if (l != null && phase != Phase.CLOSED) {
            l.resumeReading();
        }
    }

    /** Stream-level bytes of our own (headers, closing tag, keep-alive); a failure means the link is gone. */
    private void writeControl(byte[] bytes) {
        UpstreamLink l = link;
        if (l != null) {
            l.write(ByteBuffer.wrap(bytes), Callback.NOOP);
        }
    }

    @Override
    public String toString() {
        return "XmppStream[" + owner + ", " + domain + ", " + phase + ", " + demand + "]";
    }

    /** One stanza written upstream (or not): its bytes leave the upstream queue. One object per stanza. */
    private final class Written implements Callback {
        private final long size;
        private final Callback done;

        Written(long size, Callback done) {
            this.size = size;
            this.done = done;
        }

        @Override
        public void succeeded() {
            queuedUp.release(size);
            done.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            queuedUp.release(size);
            done.failed(x);
        }
    }

    /**
     * The transport took (or dropped) one element: its bytes leave the downstream queue and the reader may go
     * on, once whichever way it completes. The flag is the object itself: one object per relayed stanza.
     */
    private final class Taken extends AtomicBoolean implements Callback {
        private final long size;

        Taken(long size) {
            this.size = size;
        }

        @Override
        public void succeeded() {
            if (compareAndSet(false, true)) {
                queuedDown.release(size);
                demand.taken();
            }
        }

        @Override
        public void failed(Throwable x) {
            succeeded();
        }
    }
}
