package dev.portico.session;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import dev.portico.upstream.UpstreamLink;
import dev.portico.upstream.UpstreamListener;
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
 * One browser session and its upstream c2s stream. Transports call {@link #open}, {@link #send},
 * {@link #close}, {@link #abort} and {@link #clientGone}; the session reports back through its
 * {@link ClientSink}. The session negotiates STARTTLS with the server itself, hides it from the browser,
 * restarts the upstream parser after SASL success, and turns every failure into one stream error and one
 * close.
 *
 * <p>Threading: client calls arrive on transport threads (one frame at a time, because transports demand
 * the next frame only after {@link #send}'s callback), upstream events on I/O threads (one read at a time).
 * The only shared mutable state is {@link #state}: read without locking (volatile), changed only under a
 * small lock in the transition methods.
 */
public final class ClientSession implements UpstreamListener, StreamParser.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Life cycle of a session; transitions happen in {@link #transition}. */
    public enum State {
        /** Created, no {@code <open/>} yet. */
        NEW,
        /** Resolving and connecting to the server. */
        CONNECTING,
        /** Stream header sent, waiting for the server's features to decide on STARTTLS. */
        NEGOTIATING,
        /** {@code <starttls/>} sent, waiting for {@code <proceed/>}. */
        STARTTLS,
        /** Browser and server talk through Portico. */
        OPEN,
        /** Closing handshake under way with the server. */
        CLOSING,
        /** Over: the sink got {@code closed}. */
        CLOSED
    }

    private final SessionServices services;
    private final ClientSink sink;
    private final String clientAddress;
    private final String transport;
    private final String id;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final StreamParser parser;
    private final SessionTimer timer;

    private volatile State state = State.NEW;
    private String domain;
    private String lang = "en";
    private volatile UpstreamLink link;
    private ParsedElement heldHeader;
    private boolean errorReported;
    private volatile String pendingSeeOther;

    public ClientSession(SessionServices services, ClientSink sink, String clientAddress, String transport) {
        this.services = services;
        this.sink = sink;
        this.clientAddress = clientAddress;
        this.transport = transport;
        this.id = newId();
        this.timer = new SessionTimer(services.scheduler());
        this.parser = new StreamParser(this, services.maxElementSize());
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
        // A volatile read: every stanza checks the state, and only transitions need the lock.
        return state;
    }

    /** The XMPP domain this session was opened to, or null before {@link #open}. */
    public String domain() {
        return domain;
    }

    // ---------------------------------------------------------------- client side

    /**
     * The browser opened (or, after SASL success, restarted) the stream.
     *
     * @param to   the domain the browser asked for; only configured domains are served
     * @param lang the requested xml:lang, may be null
     */
    public void open(String to, String requestedLang) {
        if (requestedLang != null && !requestedLang.isBlank()) {
            lang = requestedLang;
        }
        State current = state();
        if (current == State.OPEN) {
            // A stream restart (RFC 6120 §6.4.6): the upstream parser was reset when <success/> passed.
            writeUpstream(streamHeader(), Callback.NOOP);
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
        if (!services.registry().admit(this)) {
            LOG.warn("{}: session limit reached for {}", this, clientAddress);
            fail(StreamErrorCondition.POLICY_VIOLATION, "too many sessions", null);
            return;
        }
        transition(State.NEW, State.CONNECTING);
        timer.start(services.openTimeout().toMillis(), () -> {
            State s = state();
            if (s == State.CONNECTING || s == State.NEGOTIATING || s == State.STARTTLS) {
                LOG.warn("{}: server did not open the stream in time", this);
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the XMPP server did not answer in time", null);
            }
        });
        services.upstream().connect(domain, this, new Promise<>() {
            @Override
            public void succeeded(UpstreamLink connected) {
                link = connected;
                if (!transition(State.CONNECTING, State.NEGOTIATING)) {
                    connected.close();
                    return;
                }
                LOG.debug("{}: connected to {}", ClientSession.this, connected);
                writeUpstream(streamHeader(), Callback.NOOP);
            }

            @Override
            public void failed(Throwable cause) {
                LOG.warn("{}: cannot connect to the XMPP server for {}: {}", ClientSession.this, domain, cause.toString());
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "cannot reach the XMPP server", null);
            }
        });
    }

    /**
     * Forwards one validated stanza to the server. The callback completes when it was written (transports
     * read the next browser frame only then) or fails when the session is not open.
     */
    public void send(ParsedElement stanza, Callback done) {
        if (state() != State.OPEN) {
            done.failed(new IllegalStateException("session " + id + " is not open"));
            return;
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("{}: C->S {}", this, Redaction.forLog(stanza));
        }
        writeUpstream(stanza.standaloneBytes(), done);
    }

    /** The browser closed the stream cleanly ({@code <close/>} or BOSH terminate). */
    public void close() {
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

    /** The gateway is stopping: the browser gets {@code system-shutdown}, the server a clean close. */
    public void shutdown() {
        LOG.info("{}: closing for server shutdown", this);
        fail(StreamErrorCondition.SYSTEM_SHUTDOWN, "the gateway is shutting down", null);
    }

    /** The transport that carries this session, e.g. "websocket" or "bosh". */
    public String transport() {
        return transport;
    }

    /** The browser's transport went away without a close handshake. */
    public void clientGone() {
        lock.lock();
        try {
            errorReported = true;
        } finally {
            lock.unlock();
        }
        beginClose("client transport gone");
    }

    // ---------------------------------------------------------------- upstream side

    @Override
    public boolean onBytes(ByteBuffer bytes) {
        if (state() == State.CLOSED) {
            return false;
        }
        // The extra count is a guard token: whoever brings 'outstanding' to zero resumes reading.
        outstanding.incrementAndGet();
        try {
            parser.feed(bytes);
        } catch (XmlStreamException e) {
            LOG.warn("{}: bad XML from the XMPP server: {} ({})", this, e.condition().wireName(), e.getMessage());
            fail(e.condition(), "the XMPP server sent invalid XML", null);
            return false;
        }
        return outstanding.decrementAndGet() == 0;
    }

    @Override
    public void onIdle() {
        State s = state();
        if (s == State.OPEN || s == State.NEGOTIATING) {
            writeUpstream(StreamHeaders.KEEP_ALIVE, Callback.NOOP);
        }
    }

    @Override
    public void onDisconnected(Throwable cause) {
        State s = state();
        if (s == State.CLOSED) {
            return;
        }
        if (s == State.CLOSING) {
            finish(null);
            return;
        }
        LOG.warn("{}: XMPP server connection lost{}", this, cause == null ? "" : ": " + cause);
        if (markErrorReported()) {
            services.registry().countError(StreamErrorCondition.REMOTE_CONNECTION_FAILED);
            sink.streamError(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the connection to the XMPP server was lost", null);
            // Nothing to say goodbye to: finish at once rather than after the close grace period.
            finish(null);
        }
        // Otherwise another thread is reporting an error right now and finishes after it, keeping the
        // browser's view in order: error first, then close.
    }

    @Override
    public void onStreamOpen(ParsedElement header) {
        State s = state();
        if (s == State.NEGOTIATING || s == State.STARTTLS) {
            // Whether the browser gets this header depends on the features that follow (STARTTLS first?).
            heldHeader = header;
            return;
        }
        sink.streamOpened(StreamHeaders.info(header));
    }

    @Override
    public void onElement(ParsedElement element) {
        String ns = element.namespaceUri();
        String name = element.localName();
        if (Namespaces.STREAMS.equals(ns) && "error".equals(name)) {
            onServerStreamError(element);
            return;
        }
        State s = state();
        if (s == State.NEGOTIATING && Namespaces.STREAMS.equals(ns) && "features".equals(name)) {
            onFirstFeatures(element);
            return;
        }
        if (s == State.STARTTLS) {
            onStartTlsAnswer(element);
            return;
        }
        if (Namespaces.SASL.equals(ns) && "success".equals(name)) {
            // The server restarts its stream after <success/>; what follows is a new document.
            parser.restart();
        }
        forward(element, element.toStandaloneXml());
    }

    @Override
    public void onStreamClose() {
        State s = state();
        if (s == State.CLOSING) {
            finish(null);
            return;
        }
        if (s == State.CLOSED) {
            return;
        }
        LOG.info("{}: the XMPP server closed the stream", this);
        if (transition(s, State.CLOSING)) {
            writeUpstream(StreamHeaders.CLOSE_TAG, Callback.from(this::closeLinkAndFinish, x -> closeLinkAndFinish()));
        }
    }

    // ---------------------------------------------------------------- STARTTLS

    private void onFirstFeatures(ParsedElement features) {
        TlsDecision decision = TlsDecision.decide(features, services.upstream().config().tls(), link.isSecure());
        switch (decision.action()) {
            case START_TLS -> {
                if (transition(State.NEGOTIATING, State.STARTTLS)) {
                    writeUpstream(StreamHeaders.STARTTLS, Callback.NOOP);
                }
            }
            case REFUSE -> {
                LOG.warn("{}: {} ({})", this, decision.reason(), domain);
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the XMPP server's TLS does not match this gateway's policy", null);
            }
            case SETTLED -> {
                settleTls();
                forward(features, decision.featuresForClient());
            }
        }
    }

    private void onStartTlsAnswer(ParsedElement answer) {
        if (Namespaces.TLS.equals(answer.namespaceUri()) && "proceed".equals(answer.localName())) {
            parser.restart();
            try {
                link.startTls();
            } catch (Exception e) {
                LOG.warn("{}: TLS setup with the XMPP server failed: {}", this, e.toString());
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "TLS with the XMPP server failed", null);
                return;
            }
            heldHeader = null;
            transition(State.STARTTLS, State.NEGOTIATING);
            writeUpstream(streamHeader(), Callback.from(() -> { }, x ->
                fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "TLS with the XMPP server failed", null)));
            return;
        }
        LOG.warn("{}: the XMPP server refused STARTTLS ({})", this, answer.localName());
        fail(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "the XMPP server refused TLS", null);
    }

    private void settleTls() {
        transition(State.NEGOTIATING, State.OPEN);
        timer.cancel();
        ParsedElement header = heldHeader;
        heldHeader = null;
        if (header != null) {
            sink.streamOpened(StreamHeaders.info(header));
        }
    }

    // ---------------------------------------------------------------- errors and closing

    private void onServerStreamError(ParsedElement error) {
        StreamHeaders.ServerError serverError = StreamHeaders.ServerError.of(error);
        LOG.info("{}: the XMPP server sent stream error {}", this, serverError.condition().wireName());
        if (!markErrorReported()) {
            return;
        }
        services.registry().countError(serverError.condition());
        if (serverError.seeOtherHost() == null) {
            sink.streamError(serverError.condition(), null, error.toStandaloneXml());
        }
        closeUpstreamThenFinish(serverError.seeOtherHost());
    }

    /** Reports one stream error to the browser and closes everything; later failures are ignored. */
    private void fail(StreamErrorCondition condition, String text, String serverXml) {
        if (!markErrorReported()) {
            return;
        }
        services.registry().countError(condition);
        sink.streamError(condition, text, serverXml);
        closeUpstreamThenFinish(null);
    }

    private boolean markErrorReported() {
        lock.lock();
        try {
            if (errorReported || state == State.CLOSED) {
                return false;
            }
            errorReported = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void beginClose(String why) {
        State s = state();
        if (s == State.CLOSED || s == State.CLOSING) {
            return;
        }
        LOG.debug("{}: {}", this, why);
        closeUpstreamThenFinish(null);
    }

    /** Sends our closing tag if a stream is open, then waits (bounded) for the server's before hanging up. */
    private void closeUpstreamThenFinish(String seeOtherHost) {
        State previous;
        lock.lock();
        try {
            previous = state;
            if (previous == State.CLOSED || previous == State.CLOSING) {
                return;
            }
            state = State.CLOSING;
        } finally {
            lock.unlock();
        }
        pendingSeeOther = seeOtherHost;
        UpstreamLink l = link;
        if (l == null || previous == State.NEW || previous == State.CONNECTING) {
            finish(seeOtherHost);
            return;
        }
        writeUpstream(StreamHeaders.CLOSE_TAG, Callback.NOOP);
        // Some servers never answer our closing tag; don't keep the socket forever.
        timer.start(services.closeGrace().toMillis(), this::closeLinkAndFinish);
    }

    private void closeLinkAndFinish() {
        finish(pendingSeeOther);
    }

    private void finish(String seeOtherHost) {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        } finally {
            lock.unlock();
        }
        timer.cancel();
        UpstreamLink l = link;
        if (l != null) {
            l.close();
        }
        // The browser hears the close before the registry forgets the session: a graceful stop waits
        // for the registry to drain and then closes the connections.
        sink.closed(seeOtherHost != null ? seeOtherHost : pendingSeeOther);
        services.registry().remove(this, errorReported);
    }

    // ---------------------------------------------------------------- plumbing

    private void forward(ParsedElement element, String xml) {
        if (state() == State.CLOSED) {
            return;
        }
        outstanding.incrementAndGet();
        sink.element(element, xml, Callback.from(this::elementTaken, x -> elementTaken()));
    }

    private void elementTaken() {
        if (outstanding.decrementAndGet() == 0) {
            UpstreamLink l = link;
            if (l != null && state() != State.CLOSED) {
                l.resumeReading();
            }
        }
    }

    private void writeUpstream(byte[] bytes, Callback done) {
        writeUpstream(ByteBuffer.wrap(bytes), done);
    }

    private void writeUpstream(ByteBuffer bytes, Callback done) {
        UpstreamLink l = link;
        if (l == null) {
            done.failed(new IllegalStateException("not connected"));
            return;
        }
        l.write(bytes, done);
    }

    private byte[] streamHeader() {
        return StreamHeaders.open(domain, lang);
    }

    private boolean transition(State from, State to) {
        lock.lock();
        try {
            if (state != from) {
                return false;
            }
            state = to;
            return true;
        } finally {
            lock.unlock();
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
