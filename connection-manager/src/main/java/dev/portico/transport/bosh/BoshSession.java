package dev.portico.transport.bosh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.session.ClientSink;
import dev.portico.session.StreamInfo;
import dev.portico.upstream.ByteBudget;
import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XEP-0124 session: the rid window ({@link RidWindow}, §14), acknowledgements (§9), pause (§10), the rate rules (§11,
 * §12), termination (§13), key sequencing (§15) and terminal conditions (§17), around the requests it
 * holds ({@link HeldRequests}). It adapts one upstream stream ({@link BoshUpstream}) and is that stream's
 * {@link ClientSink}.
 *
 * <p>Back-pressure both ways. Browser to server: a request's payloads are written upstream one stanza at a
 * time ({@link PayloadWrites}), and the request is held or answered only once every write succeeded; later
 * requests wait in the rid window meanwhile, a failed write ends the session with
 * {@code remote-connection-failed}. The bytes of requests accepted but not yet written are counted
 * against {@code limits.max-queued-bytes}; over it the session ends with {@code policy-violation}. Server
 * to browser: an element's callback completes once a response carrying it is written, so the upstream
 * stream stops reading while the browser is not collecting; that stream counts those bytes against the
 * same limit and, over it, fails with {@code policy-violation}, which the browser sees on a waiting request
 * or on its next one.
 *
 * <p>Threading: requests arrive on HTTP threads, upstream events and write completions on I/O threads,
 * 'wait' timers on the scheduler. All state is guarded by one lock; what is decided under it (answers,
 * payloads forwarded, the stream closed) is carried out afterwards, in order, by {@link SerialActions}.
 * Time comes from the injected {@link Ticker} and {@link Scheduler}, so unit tests never sleep.
 *
 * <p>Why no interleaving loses a stanza or a wake-up: the next stanza is written only from the completion
 * of the previous one, and that completion is acted on under the lock and only while its
 * {@link PayloadWrites} is still the current one (an identity check), so a completion racing with the end of
 * the session does nothing and a request is settled exactly once; every way the session ends answers the
 * request being written like a held one. An element is released (the upstream may read again) only by the
 * write of the response carrying it or by the end of the session, both decided under the same lock that
 * buffered it. Whether a request is answered is settled under the lock before its answer is queued, so a
 * client's next request never finds it still counted (§11).
 */
final class BoshSession implements ClientSink {
    private static final Logger LOG = LoggerFactory.getLogger(BoshSession.class);

    /** The registry that keeps sessions by sid and expires idle ones. */
    interface Owner {
        /** The session's idle limit may have changed. */
        void activity(BoshSession session);

        /** The session is over; forget its sid. */
        void ended(BoshSession session);
    }

    private enum State {
        /** Creation request held until the upstream stream is open. */
        CONNECTING,
        /** Stanzas flow. */
        OPEN,
        /** Over; at most a pending terminal body is left to hand out. */
        TERMINATED
    }

    /** A request that arrived, its exchange, and the bytes it counts against {@link #fromClient}. */
    private record Arrival(BoshRequest request, BoshExchange exchange, long arrivedNanos, long chargedBytes) {
    }

    private final String sid;
    private final SessionTerms terms;
    private final BoshSettings settings;
    private final Ticker ticker;
    private final Owner owner;
    private final BoshUpstream upstream;
    private final KeySequence keys;
    private final ReentrantLock lock = new ReentrantLock();
    private final SerialActions actions = new SerialActions();
    private final RidWindow<Arrival> window;
    private final HeldRequests held;
    private final RequestRules rules;
    /** Bytes of requests accepted from the browser whose payloads are not all written upstream yet. */
    private final ByteBudget fromClient;

    private State state = State.CONNECTING;
    private StreamInfo info;
    private long pauseNanos = -1;
    private byte[] pendingTerminal;
    /** The request whose payloads are being written upstream, or null. */
    private PayloadWrites<Arrival> writing;
    private volatile long idleLimitNanos;
    /** One instance for the session's life: an answer is rendered for every request. */
    private final HeldRequests.Decoration decoration = this::decorate;

    BoshSession(String sid, SessionTerms terms, KeySequence keys, BoshSettings settings, Scheduler scheduler,
                Ticker ticker, Owner owner, Function<ClientSink, BoshUpstream> upstreams) {
        this.sid = sid;
        this.terms = terms;
        this.keys = keys;
        this.settings = settings;
        this.ticker = ticker;
        this.owner = owner;
        this.fromClient = new ByteBudget(settings.maxQueuedBytes());
        this.held = new HeldRequests(terms, scheduler, ticker, actions, this::waitOver);
        this.rules = new RequestRules(terms, settings, ticker.read());
        this.window = new RidWindow<>(terms.creationRid(), terms.requests());
        this.idleLimitNanos = settings.inactivity().toNanos() + TimeUnit.SECONDS.toNanos(terms.waitSeconds());
        this.upstream = upstreams.apply(this);
    }

    String sid() {
        return sid;
    }

    /**
     * Requests held now. Read without the session's lock (for metrics): a plain read of a count that only
     * this session's actions change, possibly a moment stale, never torn.
     */
    int heldCount() {
        return held.size();
    }

    /** Bytes accepted from the browser and not yet written upstream. */
    long queuedFromClient() {
        return fromClient.queued();
    }

    /** How long the session may stay untouched before it expires, from now. */
    long idleLimitNanos() {
        return idleLimitNanos;
    }

    // ------------------------------------------------------------------ client side

    /** Holds the creation request and opens the upstream stream; the answer comes when it is open. */
    void start(BoshExchange creation) {
        lock.lock();
        try {
            // The creation request is not a plain empty request: it never makes a later one look too frequent.
            held.hold(new RequestRules.Pending(terms.creationRid(), false, ticker.read()), creation, false);
            actions.add(() -> upstream.open(terms.to(), terms.lang()));
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /** A request carrying this session's sid. */
    void handle(BoshRequest request, BoshExchange exchange) {
        long now = ticker.read();
        long rid = request.rid();
        lock.lock();
        try {
            RidWindow.Position position = window.position(rid);
            if (state == State.TERMINATED) {
                answerAfterEnd(exchange);
            } else if (position == RidWindow.Position.SEEN) {
                replay(rid, exchange);
            } else if (position == RidWindow.Position.BEYOND) {
                fail(BoshCondition.ITEM_NOT_FOUND, "rid " + rid + " is beyond the window", exchange);
            } else if (window.isParked(rid)) {
                // The same rid again while it waits for a gap: the earlier connection is gone.
                Arrival earlier = window.parkedAt(rid);
                window.park(rid, new Arrival(request, exchange, now, earlier.chargedBytes()));
                actions.add(earlier.exchange()::abandon);
            } else if (rules.overactive(request, unansweredWith(RequestRules.Pending.of(request, now)))) {
                fail(BoshCondition.POLICY_VIOLATION, "too many simultaneous or too frequent requests (XEP-0124 §11)",
                    exchange);
            } else if (!fromClient.tryTake(request.body().rawLength())) {
                endWith(BoshCondition.POLICY_VIOLATION, request.body().rawLength() + " more bytes from the browser while "
                    + fromClient.queued() + " are not yet written to the server would pass limits.max-queued-bytes ("
                    + fromClient.cap() + ")", exchange);
            } else {
                window.park(rid, new Arrival(request, exchange, now, request.body().rawLength()));
                drain(now);
                updateIdle();
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /** The body for this session was unacceptable: end the session, untouched by its content. */
    void reject(BoshCondition condition, StreamErrorCondition streamCondition, String reason, BoshExchange exchange) {
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                answerAfterEnd(exchange);
            } else {
                failWith(condition, streamCondition, reason, exchange);
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /**
     * The registry expired the session (inactivity or pause over): the client is gone without a word, so the
     * stream ends as a lost client's does (resumable if the server granted XEP-0198 resumption).
     */
    void expire() {
        lock.lock();
        try {
            if (state != State.TERMINATED) {
                LOG.info("BOSH session {} inactive; closing its stream", sid);
                moveTo(State.TERMINATED);
                stopWriting();
                answerAllWith(BodyXml.terminal(null), 200);
                held.releaseBuffered();
                actions.add(upstream::gone);
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /**
     * The server is stopping: pending requests learn it ({@code system-shutdown}), the stream is closed (or,
     * when the server granted resumption, dropped so the client can resume through another node).
     */
    void shutdown() {
        endByServer(new UpstreamEnding(BoshCondition.SYSTEM_SHUTDOWN, null));
        upstream.shutdown();
    }

    // ------------------------------------------------------------------ upstream side (ClientSink)

    @Override
    public void streamOpened(StreamInfo opened) {
        lock.lock();
        try {
            if (state == State.CONNECTING) {
                // A restart opens a stream too; then the features that follow answer the restart request.
                info = opened;
                moveTo(State.OPEN);
                held.armAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void element(ParsedElement element, byte[] xml, Callback done) {
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                done.succeeded();
                return;
            }
            held.buffer(xml, done);
            if (state == State.OPEN && !held.isEmpty()) {
                answerOldest(true);
                updateIdle();
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    @Override
    public void streamError(StreamErrorCondition condition, String text, String serverErrorXml) {
        endByServer(UpstreamEnding.streamError(condition, text, serverErrorXml));
    }

    @Override
    public void closed() {
        endByServer(UpstreamEnding.closed());
    }

    // ------------------------------------------------------------------ the rules

    /** Processes the requests that are next in rid order, stopping while one's payloads are being written. */
    private void drain(long now) {
        Arrival next;
        while (state != State.TERMINATED && writing == null && (next = window.next()) != null) {
            process(next, now);
        }
    }

    /** One request, in rid order: check it, then write its payloads; {@link #settle} follows once they are. */
    private void process(Arrival arrival, long now) {
        BoshRequest request = arrival.request();
        if (keys != null && !keys.accept(request.attribute("key"), request.attribute("newkey"))) {
            fail(BoshCondition.ITEM_NOT_FOUND, "invalid key sequence (XEP-0124 §15)", arrival.exchange());
            return;
        }
        if (rules.pollsTooFast(request, arrival.arrivedNanos(), held.cache())) {
            fail(BoshCondition.POLICY_VIOLATION, "polling faster than every " + settings.polling().toSeconds()
                + " s (XEP-0124 §12)", arrival.exchange());
            return;
        }
        acknowledge(request, now);
        pauseNanos = -1;
        if (request.isEmpty()) {
            fromClient.release(arrival.chargedBytes());
            settle(arrival);
        } else {
            writing = new PayloadWrites<>(request.rid(), request.payloads(), arrival.chargedBytes(), arrival);
            writeNext(writing);
        }
    }

    /** Writes the next stanza of {@code w}; its completion decides what follows. */
    private void writeNext(PayloadWrites<Arrival> w) {
        ParsedElement payload = w.next();
        actions.add(() -> upstream.send(payload, Callback.from(() -> written(w), x -> notWritten(w, x))));
    }

    /** A stanza of {@code w} was written upstream: write the next, or settle the request and go on. */
    private void written(PayloadWrites<Arrival> w) {
        lock.lock();
        try {
            if (writing != w) {
                return; // the session ended meanwhile; nothing was queued
            }
            if (w.hasNext()) {
                writeNext(w);
            } else {
                writing = null;
                fromClient.release(w.chargedBytes());
                settle(w.arrival());
                drain(ticker.read());
                updateIdle();
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /** A stanza could not be written: the browser must not think it was delivered. */
    private void notWritten(PayloadWrites<Arrival> w, Throwable cause) {
        lock.lock();
        try {
            if (writing == w) {
                endWith(BoshCondition.REMOTE_CONNECTION_FAILED, "a stanza could not be written to the XMPP server: "
                    + cause, null);
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /** The request's payloads are all written: it ends the session, restarts the stream, or is held. */
    private void settle(Arrival arrival) {
        BoshRequest request = arrival.request();
        int pause = request.pause();
        if (request.isTerminate()) {
            terminateByClient(arrival.exchange());
            return;
        }
        if (request.isRestart()) {
            String lang = request.body().attribute(Namespaces.XML, "lang");
            actions.add(() -> upstream.open(terms.to(), lang != null ? lang : terms.lang()));
        }
        held.hold(pendingOf(arrival), arrival.exchange(), pause < 0);
        if (pause >= 0) {
            while (held.size() > 1) {
                answerOldest(true);
            }
            answerOldest(false); // §10: the answer to a pause request carries no payloads
            pauseNanos = TimeUnit.SECONDS.toNanos(Math.min(pause, settings.maxPause().toSeconds()));
            return;
        }
        int mayHold = terms.polling() ? 0 : terms.hold();
        while (held.size() > mayHold) {
            answerOldest(true); // §8: a new request while 'hold' are held releases the oldest
        }
        if ((held.hasBuffered() || held.hasReport()) && !held.isEmpty()) {
            answerOldest(true);
        }
    }

    /** Every request not answered yet plus {@code incoming}: what §11 counts. */
    private List<RequestRules.Pending> unansweredWith(RequestRules.Pending incoming) {
        List<RequestRules.Pending> all = new ArrayList<>(terms.requests() + 2);
        held.addPendingTo(all);
        if (writing != null) {
            all.add(pendingOf(writing.arrival()));
        }
        for (Arrival a : window.parkedItems()) {
            all.add(pendingOf(a));
        }
        all.add(incoming);
        return all;
    }

    /** §9.2: the client's ack (absent: every earlier response arrived) prunes the cache, may reveal a loss. */
    private void acknowledge(BoshRequest request, long now) {
        if (terms.clientAcks()) {
            long ack = request.ack();
            held.acknowledge(ack < 0 ? request.rid() - 1 : ack, ack >= 0, request.rid(), now, settings.reportAfter());
        }
    }

    private static RequestRules.Pending pendingOf(Arrival arrival) {
        return RequestRules.Pending.of(arrival.request(), arrival.arrivedNanos());
    }

    /** §14.3: a rid already received is a retransmission; one no longer kept ends the session. */
    private void replay(long rid, BoshExchange exchange) {
        if (writing != null && writing.rid() == rid) {
            // Its payloads are still being written: the answer, when it comes, goes to the new connection.
            Arrival old = writing.arrival();
            writing.replaceArrival(new Arrival(old.request(), exchange, old.arrivedNanos(), old.chargedBytes()));
            actions.add(old.exchange()::abandon);
            return;
        }
        if (!held.replay(rid, exchange)) {
            fail(BoshCondition.ITEM_NOT_FOUND, "no response for rid " + rid + " is kept", exchange);
        }
    }

    private void answerOldest(boolean withPayloads) {
        held.answerOldest(withPayloads, decoration);
    }

    /** The attributes of an answer (under the lock, from {@link HeldRequests#answerOldest}). */
    private void decorate(long rid, BodyXml body) {
        if (rid == terms.creationRid()) {
            terms.describe(body, sid, settings, info);
        } else if (window.last() != rid) {
            body.attr("ack", window.last()); // §9.1: later requests already arrived
        }
    }

    /** §8: nothing to say within 'wait' seconds; answer with an empty body. */
    private void waitOver(long rid) {
        lock.lock();
        try {
            while (state == State.OPEN && !held.isEmpty() && held.oldestRid() <= rid) {
                answerOldest(true);
            }
            updateIdle();
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    // ------------------------------------------------------------------ endings

    /** §13: forward the payloads (already queued), close the stream, answer everything. */
    private void terminateByClient(BoshExchange exchange) {
        actions.add(upstream::close);
        while (!held.isEmpty()) {
            answerOldest(true);
        }
        moveTo(State.TERMINATED);
        held.deliver(exchange, 200, new BodyXml().terminate(null).render(), List.of());
        answerAllWith(BodyXml.terminal(BoshCondition.OTHER_REQUEST), 200);
        held.releaseBuffered();
        ended();
    }

    private void fail(BoshCondition condition, String reason, BoshExchange exchange) {
        failWith(condition, condition == BoshCondition.BAD_REQUEST ? StreamErrorCondition.BAD_FORMAT
            : StreamErrorCondition.POLICY_VIOLATION, reason, exchange);
    }

    /** The client broke a rule: every pending request gets the terminal condition, the stream is aborted. */
    private void failWith(BoshCondition condition, StreamErrorCondition streamCondition, String reason,
                          BoshExchange exchange) {
        LOG.info("BOSH session {} terminated: {} ({})", sid, condition.wireName(), reason);
        terminate(condition, exchange);
        actions.add(() -> upstream.abort(streamCondition, reason));
    }

    /**
     * Requests over the cap or a stanza that could not be written: one warning (the only log line), every
     * waiting request gets {@code condition} (the one being written among them), the upstream stream is
     * closed.
     */
    private void endWith(BoshCondition condition, String reason, BoshExchange exchange) {
        LOG.warn("BOSH session {} terminated: {} ({})", sid, condition.wireName(), reason);
        terminate(condition, exchange);
        actions.add(upstream::close);
    }

    private void terminate(BoshCondition condition, BoshExchange exchange) {
        moveTo(State.TERMINATED);
        stopWriting();
        byte[] body = BodyXml.terminal(condition);
        int status = condition.httpStatus(terms.legacy());
        answerAllWith(body, status);
        if (exchange != null) {
            held.deliver(exchange, status, body, List.of());
        }
        held.releaseBuffered();
        ended();
    }

    /**
     * The session is over: stop writing payloads (what was not written is lost, and the browser learns the
     * session ended), and let the request being written be answered like a held one.
     */
    private void stopWriting() {
        PayloadWrites<Arrival> w = writing;
        writing = null;
        fromClient.release(fromClient.queued());
        if (w != null) {
            held.hold(pendingOf(w.arrival()), w.arrival().exchange(), false);
        }
    }

    /** The upstream stream ended: the oldest request carries what is buffered plus the terminal body. */
    private void endByServer(UpstreamEnding ending) {
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return;
            }
            moveTo(State.TERMINATED);
            stopWriting();
            List<HeldRequests.Outgoing> items = held.takeBuffered();
            List<byte[]> xml = new ArrayList<>();
            items.forEach(o -> xml.add(o.xml()));
            if (ending.errorXml() != null) {
                xml.add(ending.errorXml().getBytes(StandardCharsets.UTF_8));
            }
            byte[] body = new BodyXml().terminate(ending.condition()).render(xml);
            if (held.isEmpty()) {
                // Nobody is waiting: the next request (or expiry) picks it up.
                pendingTerminal = body;
                items.forEach(o -> o.done().succeeded());
                updateIdle();
            } else {
                held.answerOldestFinally(body, items);
                answerAllWith(BodyXml.terminal(ending.condition() == null ? BoshCondition.OTHER_REQUEST
                    : ending.condition()), 200);
                ended();
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    private void answerAfterEnd(BoshExchange exchange) {
        byte[] body = pendingTerminal;
        pendingTerminal = null;
        held.deliver(exchange, 200, body != null ? body : BodyXml.terminal(BoshCondition.ITEM_NOT_FOUND), List.of());
        ended();
    }

    private void answerAllWith(byte[] body, int status) {
        held.answerAll(body, status);
        for (Arrival a : window.drain()) {
            held.deliver(a.exchange(), status, body, List.of());
        }
    }

    private void ended() {
        actions.add(() -> owner.ended(this));
    }

    /** The one place {@link #state} changes, under the lock; a move the life cycle does not allow is a bug. */
    private void moveTo(State next) {
        boolean allowed = switch (state) {
            case CONNECTING -> next == State.OPEN || next == State.TERMINATED;
            case OPEN -> next == State.TERMINATED;
            case TERMINATED -> false;
        };
        if (!allowed) {
            throw new IllegalStateException("BOSH session " + sid + ": " + state + " -> " + next);
        }
        state = next;
    }

    /** Idle limit: inactivity (or the pause) from now, or longer while requests wait here. */
    private void updateIdle() {
        long limit;
        if (state != State.TERMINATED && (!held.isEmpty() || window.parked() > 0 || writing != null)) {
            limit = TimeUnit.SECONDS.toNanos(terms.waitSeconds()) + settings.inactivity().toNanos();
        } else if (pauseNanos >= 0) {
            limit = pauseNanos;
        } else {
            limit = settings.inactivity().toNanos();
        }
        idleLimitNanos = limit;
        actions.add(() -> owner.activity(this));
    }

    @Override
    public String toString() {
        return "BoshSession[" + sid + ", " + state + ", " + upstream + "]";
    }
}
