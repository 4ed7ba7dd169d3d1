package dev.portico.session;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.portico.transport.ClientAddresses;
import dev.portico.upstream.StreamHeaders;
import dev.portico.upstream.XmppStream;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser session: its life cycle as the browser sees it, on top of one upstream {@link XmppStream}
 * (which owns the XMPP stream itself: parser, STARTTLS, restarts, flow control). Transports call
 * {@link #open}, {@link #send}, {@link #close}, {@link #abort} and {@link #clientGone}; the session reports
 * back through its {@link ClientSink}, and turns every failure into one stream error and one close.
 *
 * <p>Ending. The browser's {@code <close/>} (or BOSH terminate) and every error close the upstream stream
 * cleanly with {@code </stream:stream>}, which makes the server end its session. When the browser's
 * transport vanishes without that handshake ({@link #clientGone}) or the gateway stops ({@link #shutdown})
 * and the server granted XEP-0198 resumption on the stream, the session hangs up the TCP connection without
 * the closing tag instead: the server then keeps its session hibernating, and the browser resumes it
 * through a fresh connection, through this node or any other.
 *
 * <p>Threading: client calls arrive on transport threads, upstream events on I/O threads. The shared
 * state is one atomic word ({@link #state}), changed only by compare-and-set through a transition table
 * that throws on an illegal move, plus a once-only "error reported" flag; nothing here holds a lock.
 */
public final class ClientSession implements XmppStream.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BIND_NS = "urn:ietf:params:xml:ns:xmpp-bind";

    /** Life cycle of a session as the browser sees it; every change goes through {@link #moveTo}. */
    public enum State {
        /** Created, no {@code <open/>} yet. */
        NEW,
        /** Connecting to the server and negotiating TLS; the browser has not seen the stream yet. */
        CONNECTING,
        /** Browser and server talk through Portico. */
        OPEN,
        /** Closing handshake under way with the server. */
        CLOSING,
        /** Over: the sink got {@code closed}. */
        CLOSED;

        /** The transition table: the states this one may move to. Anything else is a bug and throws. */
        private Set<State> next() {
            return switch (this) {
                case NEW -> EnumSet.of(CONNECTING, CLOSED);
                case CONNECTING -> EnumSet.of(OPEN, CLOSING, CLOSED);
                case OPEN -> EnumSet.of(CLOSING, CLOSED);
                case CLOSING -> EnumSet.of(CLOSED);
                case CLOSED -> EnumSet.noneOf(State.class);
            };
        }
    }

    private final SessionServices services;
    private final ClientSink sink;
    private final String clientAddress;
    private final String transport;
    private final String id;
    private final SessionTimer timer;
    /** The one state word: read without locking, changed only by compare-and-set in {@link #moveTo}. */
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    /** Set by whoever reports the one stream error (or learns the browser is gone): later failures are quiet. */
    private final AtomicBoolean errorReported = new AtomicBoolean();

    private volatile String domain;
    private volatile XmppStream stream;
    private final SessionTraffic traffic = new SessionTraffic();
    private final Resumption resumption = new Resumption();
    private final long startedNanos = System.nanoTime();
    private final long startedMillis = System.currentTimeMillis();
    /** Why the session ends: the first cause wins (later ones are consequences). */
    private final AtomicReference<String> endReason = new AtomicReference<>();
    /** The bare JID the server bound; written once by the upstream I/O thread, read by anyone. */
    private volatile String boundJid;
    /** When {@link #open} asked for the upstream stream (for its open-time metric). */
    private volatile long connectStartNanos;

    public ClientSession(SessionServices services, ClientSink sink, String clientAddress, String transport) {
        this.services = services;
        this.sink = sink;
        this.clientAddress = clientAddress;
        this.transport = transport;
        this.id = newId();
        this.timer = new SessionTimer(services.scheduler());
    }

    /** Short random id used in logs and metrics. */
    public String id() {
        return id;
    }

    /** The browser's address as the transport saw it. */
    public String clientAddress() {
        return clientAddress;
    }

    /** The current state. */
    public State state() {
        return state.get();
    }

    /** The XMPP domain this session was opened to, or null before {@link #open}. */
    public String domain() {
        return domain;
    }

    /** The transport that carries this session, e.g. "websocket" or "bosh". */
    public String transport() {
        return transport;
    }

    /** Bytes from the browser accepted and not yet written to the server. */
    public long queuedUpstreamBytes() {
        XmppStream s = stream;
        return s == null ? 0 : s.queuedUpstreamBytes();
    }

    /** Bytes from the server handed to the transport and not yet taken by it. */
    public long queuedDownstreamBytes() {
        XmppStream s = stream;
        return s == null ? 0 : s.queuedDownstreamBytes();
    }

    /** This session's byte counts each way. */
    public SessionTraffic traffic() {
        return traffic;
    }

    /** The bare JID bound for this session, or null before resource binding. */
    public String boundJid() {
        return boundJid;
    }

    /** When the session was created, epoch millis. */
    public long startedMillis() {
        return startedMillis;
    }

    /** How long the session has lived, in nanoseconds. */
    public long ageNanos() {
        return System.nanoTime() - startedNanos;
    }

    /**
     * Why the session ended, a short fixed word: {@code client-close}, {@code client-gone}, {@code server-close},
     * {@code upstream-lost}, a stream error condition, or {@code server:} and the server's condition.
     */
    public String endReason() {
        String r = endReason.get();
        return r == null ? "unknown" : r;
    }

    private void endBecause(String reason) {
        endReason.compareAndSet(null, reason);
    }

    // ---------------------------------------------------------------- client side

    /**
     * The browser opened (or, after SASL success, restarted) the stream.
     *
     * @param to   the domain the browser asked for; only configured domains are served
     * @param lang the requested xml:lang, may be null
     */
    public void open(String to, String requestedLang) {
        State current = state();
        if (current == State.OPEN) {
            // A stream restart (RFC 6120 §6.4.6): the upstream parser was reset when <success/> passed.
            stream.restart(requestedLang);
            return;
        }
        if (current != State.NEW) {
            LOG.debug("{}: ignoring <open/> in state {}", this, current);
            return;
        }
        String requested = to == null ? null : to.trim().toLowerCase(Locale.ROOT);
        if (requested == null || requested.isEmpty() || !services.upstream().serves(requested)) {
            LOG.info("{}: refused stream to unknown domain '{}' from {}", this, to, clientAddress);
            fail(StreamErrorCondition.HOST_UNKNOWN, "this gateway does not serve the domain " + quote(to), null);
            return;
        }
        domain = requested;
        if (refusedForGuessing()) {
            return;
        }
        if (!services.registry().admit(this)) {
            if (services.registry().isDraining()) {
                // A stopping node: the client should simply try again, and will reach another node.
                fail(StreamErrorCondition.SYSTEM_SHUTDOWN, "the gateway is shutting down", null);
                return;
            }
            LOG.warn("{}: session limit reached for {}", this, clientAddress);
            fail(StreamErrorCondition.POLICY_VIOLATION, "too many sessions", null);
            return;
        }
        XmppStream upstream = new XmppStream(services.upstream(), requested, ClientAddresses.socketAddress(clientAddress),
            this, toString(),
            services.maxElementSize(), services.maxQueuedBytes());
        stream = upstream;
        connectStartNanos = System.nanoTime();
        if (!moveTo(State.NEW, State.CONNECTING)) {
            // Closed meanwhile (the browser left before the admission counted): give the admission back,
            // the finish that ran before it had nothing to remove.
            services.registry().remove(this, errorReported.get());
            return;
        }
        timer.start(services.openTimeout().toMillis(), () -> {
            if (state() == State.CONNECTING) {
                LOG.warn("{}: server did not open the stream in time", this);
                services.registry().events().upstreamFailed(domain, "timeout");
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the XMPP server did not answer in time", null);
            }
        });
        upstream.connect(requestedLang);
    }

    /**
     * Forwards one validated stanza to the server. The callback completes when it was written (transports
     * read the next browser frame only then) or fails when the session is not open or over its queue
     * limit; then the session ends with an error the browser sees.
     */
    public void send(ParsedElement stanza, Callback done) {
        if (state() != State.OPEN) {
            done.failed(new IllegalStateException("session " + id + " is not open"));
            return;
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("{}: C->S {}", this, Redaction.forLog(stanza));
        }
        ByteBuffer bytes = stanza.standaloneBytes();
        int size = bytes.remaining();
        traffic.addToServer(size);
        services.registry().events().toServer(size);
        stream.write(bytes, done);
    }

    /** The browser closed the stream cleanly ({@code <close/>} or BOSH terminate). */
    public void close() {
        endBecause("client-close");
        beginClose("client closed the stream");
    }

    /**
     * The browser sent something invalid: report the stream error to it, close the upstream stream
     * cleanly, and log the reason. Nothing of the bad frame was forwarded.
     */
    public void abort(StreamErrorCondition condition, String reason) {
        LOG.warn("{}: bad input from {}: {} ({}); closing the session", this, clientAddress, condition.wireName(), reason);
        fail(condition, reason, null);
    }

    /**
     * The gateway is stopping: the browser gets {@code system-shutdown}; the server a clean close, or, when
     * it granted resumption, a dropped connection so that the browser can resume through another node.
     */
    public void shutdown() {
        LOG.info("{}: closing for server shutdown", this);
        fail(StreamErrorCondition.SYSTEM_SHUTDOWN, "the gateway is shutting down", null, resumption.granted());
    }

    /**
     * The browser's transport went away without a close handshake. A resumable stream is hung up without
     * its closing tag (the server keeps the session for a {@code <resume/>}); any other is closed cleanly.
     */
    public void clientGone() {
        endBecause("client-gone");
        errorReported.set(true);
        if (resumption.granted()) {
            LOG.debug("{}: client transport gone; leaving the server's session resumable", this);
            hangUpUpstream();
        } else {
            beginClose("client transport gone");
        }
    }

    /** Whether the server granted XEP-0198 resumption on this session's stream (seen in its answers). */
    public boolean resumable() {
        return resumption.granted();
    }

    // ---------------------------------------------------------------- upstream side (XmppStream.Listener)

    @Override
    public void streamOpened(ParsedElement header) {
        if (moveTo(State.CONNECTING, State.OPEN)) {
            timer.cancel();
            services.registry().events().upstreamOpened(domain, System.nanoTime() - connectStartNanos);
        }
        if (state() == State.OPEN) {
            sink.streamOpened(StreamInfo.of(header));
        }
    }

    @Override
    public void element(ParsedElement element, byte[] xml, Callback taken) {
        if (state() == State.CLOSED) {
            taken.succeeded();
            return;
        }
        int size = element.rawLength();
        traffic.addToClient(size);
        services.registry().events().toClient(size);
        if (endedForGuessing(element)) {
            taken.succeeded();
            return;
        }
        if (boundJid == null && "iq".equals(element.localName())) {
            noteBind(element);
        }
        resumption.observe(element);
        sink.element(element, xml, taken);
    }

    @Override
    public void serverError(ParsedElement error) {
        StreamHeaders.ServerError serverError = StreamHeaders.ServerError.of(error);
        LOG.info("{}: the XMPP server sent stream error {}", this, serverError.condition().wireName());
        endBecause("server:" + serverError.condition().wireName());
        if (!errorReported.compareAndSet(false, true) || state() == State.CLOSED) {
            return;
        }
        services.registry().countError(serverError.condition());
        // The browser gets the server's own error, see-other-host included: a TCP host named by the server
        // is never turned into a browser endpoint (that would let a server, or whoever spoofs it, send the
        // browser and its password elsewhere).
        sink.streamError(serverError.condition(), null, error.toStandaloneXml());
        closeUpstreamThenFinish();
    }

    @Override
    public void serverClosed() {
        State s = state();
        if (s == State.CLOSING) {
            finish();
            return;
        }
        if (s == State.CLOSED) {
            return;
        }
        LOG.info("{}: the XMPP server closed the stream", this);
        endBecause("server-close");
        if (moveTo(s, State.CLOSING)) {
            stream.answerClose(this::finish);
        }
    }

    @Override
    public void failed(StreamErrorCondition condition, String text) {
        fail(condition, text, null);
    }

    @Override
    public void connectFailed(Throwable cause) {
        services.registry().events().upstreamFailed(domain, UpstreamFailure.classify(cause));
    }

    @Override
    public void tlsOutcome(String outcome) {
        services.registry().events().tls(domain, outcome);
    }

    @Override
    public void disconnected(Throwable cause) {
        State s = state();
        if (s == State.CLOSED) {
            return;
        }
        if (s == State.CLOSING) {
            finish();
            return;
        }
        LOG.warn("{}: XMPP server connection lost{}", this, cause == null ? "" : ": " + cause);
        endBecause("upstream-lost");
        if (errorReported.compareAndSet(false, true)) {
            services.registry().countError(StreamErrorCondition.REMOTE_CONNECTION_FAILED);
            sink.streamError(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the connection to the XMPP server was lost", null);
            // Nothing to say goodbye to: finish at once rather than after the close grace period.
            finish();
        }
        // Otherwise another thread is reporting an error right now and finishes after it, keeping the
        // browser's view in order: error first, then close.
    }

    // ---------------------------------------------------------------- password guessing (LoginGuard)

    /** An address that failed to log in too often lately gets no new session, with the reason. */
    private boolean refusedForGuessing() {
        String refusal = services.registry().logins().refusal(clientAddress);
        if (refusal == null) {
            return false;
        }
        LOG.warn("{}: refused a session from {}: {}", this, clientAddress, refusal);
        fail(StreamErrorCondition.POLICY_VIOLATION, refusal, null);
        return true;
    }

    /** Counts the server's SASL failures; one over the limit ends the session instead of reaching the browser. */
    private boolean endedForGuessing(ParsedElement fromServer) {
        if (!services.registry().logins().overLimitAfter(clientAddress, fromServer)) {
            return false;
        }
        LOG.warn("{}: too many failed logins from {}; closing the session", this, clientAddress);
        fail(StreamErrorCondition.POLICY_VIOLATION, "too many failed logins from your address; try again later", null);
        return true;
    }

    // ---------------------------------------------------------------- errors and closing

    /** Reports one stream error to the browser and closes everything; later failures are ignored. */
    private void fail(StreamErrorCondition condition, String text, String serverXml) {
        fail(condition, text, serverXml, false);
    }

    /** As above; {@code hangUp} drops the upstream connection without a closing tag (resumable stream). */
    private void fail(StreamErrorCondition condition, String text, String serverXml, boolean hangUp) {
        endBecause(condition.wireName());
        if (state() == State.CLOSED || !errorReported.compareAndSet(false, true)) {
            return;
        }
        services.registry().countError(condition);
        sink.streamError(condition, text, serverXml);
        if (hangUp) {
            hangUpUpstream();
        } else {
            closeUpstreamThenFinish();
        }
    }

    /**
     * Ends the session and drops the upstream TCP connection without {@code </stream:stream>}: to the server
     * this is a lost connection, so it hibernates a session that has resumption enabled. Everything already
     * accepted from the browser was written before its callback succeeded; what was not is unacknowledged
     * in the browser's stream-management counters and is sent again after the resume.
     */
    private void hangUpUpstream() {
        finish();
    }

    private void beginClose(String why) {
        State s = state();
        if (s == State.CLOSED || s == State.CLOSING) {
            return;
        }
        LOG.debug("{}: {}", this, why);
        closeUpstreamThenFinish();
    }

    /** Sends our closing tag if a stream is open, then waits (bounded) for the server's before hanging up. */
    private void closeUpstreamThenFinish() {
        State previous;
        do {
            previous = state();
            if (previous == State.CLOSED || previous == State.CLOSING) {
                return;
            }
            if (previous == State.NEW) {
                // Nothing upstream yet.
                finish();
                return;
            }
        } while (!moveTo(previous, State.CLOSING));
        XmppStream s = stream;
        if (s == null || !s.sendClose()) {
            finish();
            return;
        }
        // Some servers never answer our closing tag; don't keep the socket forever.
        timer.start(services.closeGrace().toMillis(), this::finish);
    }

    private void finish() {
        State previous;
        do {
            previous = state();
            if (previous == State.CLOSED) {
                return;
            }
        } while (!moveTo(previous, State.CLOSED));
        timer.cancel();
        XmppStream s = stream;
        if (s != null) {
            s.terminate();
        }
        // The browser hears the close before the registry forgets the session: a graceful stop waits
        // for the registry to drain and then closes the connections.
        sink.closed();
        services.registry().remove(this, errorReported.get());
    }

    /**
     * The only way the state changes: from {@code from} to {@code to} if the session is still in
     * {@code from}. A move the transition table does not allow is a bug and throws.
     *
     * @return false if another thread changed the state first
     */
    private boolean moveTo(State from, State to) {
        if (!from.next().contains(to)) {
            throw new IllegalStateException(this + ": illegal transition " + from + " -> " + to);
        }
        return state.compareAndSet(from, to);
    }

    /** Resource binding's result passes through here (RFC 6120 §7.6.1): keep the bare JID it names. */
    private void noteBind(ParsedElement iq) {
        ParsedElement bind = iq.child("bind", BIND_NS);
        ParsedElement jid = bind == null ? null : bind.child("jid", BIND_NS);
        if (jid != null && "result".equals(iq.attribute("type"))) {
            String full = jid.text().trim();
            int slash = full.indexOf('/');
            boundJid = slash < 0 ? full : full.substring(0, slash);
        }
    }

    private static String quote(String s) {
        return s == null ? "(none)" : "'" + s + "'";
    }

    private static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "ClientSession[" + id + ", " + transport + (domain == null ? "" : ", " + domain) + "]";
    }
}
