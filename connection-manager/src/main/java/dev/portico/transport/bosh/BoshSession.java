package dev.portico.transport.bosh;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.session.ClientSink;
import dev.portico.session.StreamErrorXml;
import dev.portico.session.StreamInfo;
import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XEP-0124 session: the rid window, held requests, the response cache, acknowledgements, pause,
 * overactivity and key checks, and the buffer of upstream elements waiting for a request to carry them.
 * It adapts one upstream stream ({@link BoshUpstream}) and is that stream's {@link ClientSink}.
 *
 * <p>Threading: requests arrive on HTTP threads, upstream events on I/O threads, wait timers on the
 * scheduler. All state is guarded by one lock; decisions made under it are carried out afterwards, in
 * order, by {@link SerialActions}. Time comes from the injected {@link Ticker} and {@link Scheduler}.
 *
 * <p>Back-pressure: an upstream element's callback completes only when the response carrying it has been
 * written, and the upstream session reads no more while elements are outstanding, so the buffer holds at
 * most what one upstream read produced.
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

    private record Arrival(BoshRequest request, BoshExchange exchange, long arrivedNanos) {
    }

    private record Outgoing(String xml, Callback done) {
    }

    private static final class Held {
        final long rid;
        BoshExchange exchange;
        Scheduler.Task timer;

        Held(long rid, BoshExchange exchange) {
            this.rid = rid;
            this.exchange = exchange;
        }
    }

    private final String sid;
    private final SessionTerms terms;
    private final BoshSettings settings;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final Owner owner;
    private final BoshUpstream upstream;
    private final ReentrantLock lock = new ReentrantLock();
    private final SerialActions actions = new SerialActions();
    private final TreeMap<Long, Arrival> ahead = new TreeMap<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final ResponseCache cache;
    private final List<Outgoing> buffer = new ArrayList<>();
    private final KeySequence keys;

    private State state = State.CONNECTING;
    private long lastRid;
    private long lastAnswered = -1;
    private StreamInfo info;
    private long pauseNanos = -1;
    private long reportRid = -1;
    private long reportMillis;
    private long previousArrival = Long.MIN_VALUE;
    private long previousRid = -1;
    private boolean previousEmpty;
    private String pendingTerminal;
    private volatile long idleLimitNanos;

    BoshSession(String sid, SessionTerms terms, KeySequence keys, BoshSettings settings, Scheduler scheduler,
                Ticker ticker, Owner owner, Function<ClientSink, BoshUpstream> upstreams) {
        this.sid = sid;
        this.terms = terms;
        this.keys = keys;
        this.settings = settings;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.owner = owner;
        this.cache = new ResponseCache(terms.requests() + 1);
        this.lastRid = terms.creationRid();
        this.idleLimitNanos = settings.inactivity().toNanos() + TimeUnit.SECONDS.toNanos(terms.waitSeconds());
        this.upstream = upstreams.apply(this);
    }

    String sid() {
        return sid;
    }

    SessionTerms terms() {
        return terms;
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
            previousArrival = ticker.read();
            previousRid = terms.creationRid();
            held.add(new Held(terms.creationRid(), creation));
            actions.add(() -> upstream.open(terms.to(), terms.lang()));
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    /** A request carrying this session's sid. */
    void handle(BoshRequest request, BoshExchange exchange) {
        long now = ticker.read();
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                answerAfterEnd(exchange);
            } else if (request.rid() <= lastRid) {
                replay(request.rid(), exchange);
            } else if (request.rid() > lastRid + terms.requests()) {
                fail(BoshCondition.ITEM_NOT_FOUND, "rid " + request.rid() + " is beyond the window", exchange);
            } else if (ahead.containsKey(request.rid())) {
                Arrival earlier = ahead.put(request.rid(), new Arrival(request, exchange, now));
                actions.add(earlier.exchange()::abandon);
            } else if (overactive(request, now)) {
                fail(BoshCondition.POLICY_VIOLATION, "too many simultaneous or too frequent requests (XEP-0124 §11)",
                    exchange);
            } else {
                ahead.put(request.rid(), new Arrival(request, exchange, now));
                Arrival next;
                while (state != State.TERMINATED && (next = ahead.remove(lastRid + 1)) != null) {
                    process(next, now);
                }
                updateIdle();
            }
        } catch (BoshException e) {
            fail(e.condition(), e.getMessage(), exchange);
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

    /** The registry expired the session (inactivity or pause over): close the stream without a word. */
    void expire() {
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return;
            }
            LOG.info("BOSH session {} inactive; closing its stream", sid);
            state = State.TERMINATED;
            answerAllWith(BodyXml.terminal(null), 200);
            releaseBuffer();
            actions.add(upstream::close);
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    // ------------------------------------------------------------------ upstream side (ClientSink)

    @Override
    public void streamOpened(StreamInfo opened) {
        lock.lock();
        try {
            if (state != State.CONNECTING) {
                return; // a restart: the features that follow answer the restart request
            }
            info = opened;
            state = State.OPEN;
            for (Held h : held) {
                armWaitTimer(h);
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    @Override
    public void element(ParsedElement element, String xml, Callback done) {
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                done.succeeded();
                return;
            }
            buffer.add(new Outgoing(xml, done));
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
        BoshCondition binding = serverErrorXml == null ? BoshCondition.forPorticoStreamError(condition) : null;
        if (binding != null) {
            endByServer(binding, null);
        } else {
            String xml = serverErrorXml != null ? serverErrorXml : StreamErrorXml.render(condition, text);
            endByServer(BoshCondition.REMOTE_STREAM_ERROR, xml);
        }
    }

    @Override
    public void closed(String seeOtherHost) {
        if (seeOtherHost != null) {
            String xml = "<stream:error xmlns:stream='" + Namespaces.STREAMS + "'><see-other-host xmlns='"
                + Namespaces.STREAM_ERRORS + "'>" + dev.portico.xml.XmlEscaper.escapeText(seeOtherHost)
                + "</see-other-host></stream:error>";
            endByServer(BoshCondition.REMOTE_STREAM_ERROR, xml);
        } else {
            endByServer(null, null);
        }
    }

    // ------------------------------------------------------------------ the rules

    /** §11 (and §12 for polling sessions, checked in {@link #process}): limits on simultaneous requests. */
    private boolean overactive(BoshRequest request, long now) throws BoshException {
        boolean pauseOrTerminate = request.isTerminate() || request.pause() >= 0;
        int unanswered = held.size() + ahead.size() + 1;
        if (unanswered > terms.requests() + (pauseOrTerminate ? 1 : 0)) {
            return true;
        }
        return !terms.polling() && !pauseOrTerminate && request.isEmpty() && unanswered == terms.requests()
            && now - previousArrival < settings.polling().toNanos();
    }

    /** One request, in rid order: check, forward its payloads, then hold or answer it. */
    private void process(Arrival arrival, long now) throws BoshException {
        BoshRequest request = arrival.request();
        long rid = request.rid();
        lastRid = rid;
        if (keys != null && !keys.accept(request.attribute("key"), request.attribute("newkey"))) {
            fail(BoshCondition.ITEM_NOT_FOUND, "invalid key sequence (XEP-0124 §15)", arrival.exchange());
            return;
        }
        int pause = request.pause();
        boolean plainEmpty = request.isEmpty() && !request.isTerminate() && pause < 0;
        if (terms.polling() && plainEmpty && previousEmpty && previousRid == rid - 1
            && arrival.arrivedNanos() - previousArrival < settings.polling().toNanos()) {
            ResponseCache.Entry before = cache.get(rid - 1);
            if (before == null || !before.hadPayloads()) {
                fail(BoshCondition.POLICY_VIOLATION, "polling faster than every " + settings.polling().toSeconds()
                    + " s (XEP-0124 §12)", arrival.exchange());
                return;
            }
        }
        previousEmpty = plainEmpty;
        previousRid = rid;
        previousArrival = arrival.arrivedNanos();
        acknowledge(request, now);
        pauseNanos = -1;
        for (ParsedElement payload : request.payloads()) {
            actions.add(() -> upstream.send(payload, Callback.from(() -> { },
                x -> LOG.debug("BOSH session {}: payload not forwarded: {}", sid, x.toString()))));
        }
        if (request.isTerminate()) {
            terminateByClient(arrival.exchange());
            return;
        }
        if (request.isRestart()) {
            actions.add(() -> upstream.open(terms.to(), request.body().attribute(Namespaces.XML, "lang") != null
                ? request.body().attribute(Namespaces.XML, "lang") : terms.lang()));
        }
        Held h = new Held(rid, arrival.exchange());
        held.add(h);
        if (pause >= 0) {
            long seconds = Math.min(pause, settings.maxPause().toSeconds());
            while (held.size() > 1) {
                answerOldest(true);
            }
            answerOldest(false); // §10: the answer to a pause request carries no payloads
            pauseNanos = TimeUnit.SECONDS.toNanos(seconds);
            return;
        }
        armWaitTimer(h);
        int mayHold = terms.polling() ? 0 : terms.hold();
        while (held.size() > mayHold) {
            answerOldest(true); // §8: a new request while 'hold' are held releases the oldest
        }
        if ((!buffer.isEmpty() || reportRid >= 0) && !held.isEmpty()) {
            answerOldest(true);
        }
    }

    /** §9.2: the client's ack prunes the cache and may reveal a lost response, reported at once. */
    private void acknowledge(BoshRequest request, long now) throws BoshException {
        if (!terms.clientAcks()) {
            return;
        }
        long ack = request.ack();
        if (ack < 0) {
            cache.forgetUpTo(request.rid() - 1);
            return;
        }
        cache.forgetUpTo(ack);
        if (ack < lastAnswered) {
            ResponseCache.Entry lost = cache.get(ack + 1);
            if (lost != null && now - lost.sentAtNanos() >= settings.reportAfter().toNanos()) {
                reportRid = ack + 1;
                reportMillis = TimeUnit.NANOSECONDS.toMillis(now - lost.sentAtNanos());
            }
        }
    }

    /** §14.3: a rid already received is a retransmission. */
    private void replay(long rid, BoshExchange exchange) {
        for (Held h : held) {
            if (h.rid == rid) {
                // The client lost the connection carrying it; the new one gets the answer.
                BoshExchange old = h.exchange;
                h.exchange = exchange;
                actions.add(old::abandon);
                return;
            }
        }
        ResponseCache.Entry entry = cache.get(rid);
        if (entry != null) {
            actions.add(() -> exchange.respond(entry.status(), terms.contentType(), entry.body(), Callback.NOOP));
            return;
        }
        fail(BoshCondition.ITEM_NOT_FOUND, "no response for rid " + rid + " is kept", exchange);
    }

    // ------------------------------------------------------------------ answers

    private void answerOldest(boolean withPayloads) {
        Held h = held.poll();
        if (h.timer != null) {
            h.timer.cancel();
        }
        List<Outgoing> items = List.of();
        if (withPayloads && !buffer.isEmpty()) {
            items = List.copyOf(buffer);
            buffer.clear();
        }
        BodyXml body = new BodyXml();
        if (h.rid == terms.creationRid()) {
            creationAttributes(body);
        } else if (lastRid != h.rid) {
            body.attr("ack", lastRid); // §9.1: later requests already arrived
        }
        if (reportRid >= 0 && withPayloads) {
            body.attr("report", reportRid).attr("time", reportMillis);
            reportRid = -1;
        }
        List<String> xml = new ArrayList<>(items.size());
        for (Outgoing o : items) {
            xml.add(o.xml());
        }
        String rendered = body.render(xml);
        long now = ticker.read();
        cache.put(new ResponseCache.Entry(h.rid, 200, rendered, now, !items.isEmpty()));
        lastAnswered = Math.max(lastAnswered, h.rid);
        deliver(h.exchange, 200, rendered, items);
    }

    private void creationAttributes(BodyXml body) {
        body.attr("sid", sid)
            .attr("wait", terms.waitSeconds())
            .attr("requests", terms.requests())
            .attr("hold", terms.hold())
            .attr("inactivity", settings.inactivity().toSeconds())
            .attr("polling", settings.polling().toSeconds())
            .attr("maxpause", settings.maxPause().toSeconds())
            .attr("ver", terms.ver() == null ? SessionTerms.VERSION : terms.ver())
            .attr("from", info != null && info.from() != null ? info.from() : terms.to())
            .attr("accept", "gzip")
            .attr("charsets", "UTF-8")
            .attr("ack", terms.creationRid())
            .attr("authid", info == null ? null : info.id())
            .attr("xmlns:xmpp", Namespaces.XBOSH)
            .attr("xmpp:version", terms.xmppVersion() ? "1.0" : null)
            .attr("xmpp:restartlogic", "true")
            .attr("xmlns:stream", Namespaces.STREAMS);
    }

    private void deliver(BoshExchange exchange, int status, String body, List<Outgoing> items) {
        String contentType = terms.contentType();
        actions.add(() -> exchange.respond(status, contentType, body, Callback.from(
            () -> items.forEach(o -> o.done().succeeded()),
            // The response stays cached: a client that missed it re-sends the rid and gets it again.
            x -> items.forEach(o -> o.done().succeeded()))));
    }

    private void armWaitTimer(Held h) {
        if (terms.polling() || h.timer != null) {
            return;
        }
        long rid = h.rid;
        h.timer = scheduler.schedule(() -> waitOver(rid), terms.waitSeconds(), TimeUnit.SECONDS);
    }

    /** §8: nothing to say within 'wait' seconds; answer with an empty body. */
    private void waitOver(long rid) {
        lock.lock();
        try {
            while (state == State.OPEN && !held.isEmpty() && held.peek().rid <= rid) {
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
        state = State.TERMINATED;
        deliver(exchange, 200, new BodyXml().terminate(null).render(), List.of());
        answerAllWith(BodyXml.terminal(BoshCondition.OTHER_REQUEST), 200);
        releaseBuffer();
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
        state = State.TERMINATED;
        String body = BodyXml.terminal(condition);
        int status = condition.httpStatus(terms.legacy());
        answerAllWith(body, status);
        deliver(exchange, status, body, List.of());
        releaseBuffer();
        actions.add(() -> upstream.abort(streamCondition, reason));
        ended();
    }

    /** The upstream stream ended: the oldest request carries what is buffered plus the terminal body. */
    private void endByServer(BoshCondition condition, String errorXml) {
        lock.lock();
        try {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            List<Outgoing> items = List.copyOf(buffer);
            buffer.clear();
            List<String> xml = new ArrayList<>();
            items.forEach(o -> xml.add(o.xml()));
            if (errorXml != null) {
                xml.add(errorXml);
            }
            String body = new BodyXml().terminate(condition).render(xml);
            Held first = held.poll();
            if (first == null) {
                // Nobody is waiting: the next request (or expiry) picks it up.
                pendingTerminal = body;
                items.forEach(o -> o.done().succeeded());
                updateIdle();
            } else {
                if (first.timer != null) {
                    first.timer.cancel();
                }
                deliver(first.exchange, 200, body, items);
                answerAllWith(BodyXml.terminal(condition == null ? BoshCondition.OTHER_REQUEST : condition), 200);
                ended();
            }
        } finally {
            lock.unlock();
        }
        actions.run();
    }

    private void answerAfterEnd(BoshExchange exchange) {
        String body = pendingTerminal;
        pendingTerminal = null;
        deliver(exchange, 200, body != null ? body : BodyXml.terminal(BoshCondition.ITEM_NOT_FOUND), List.of());
        ended();
    }

    private void answerAllWith(String body, int status) {
        for (Held h : held) {
            if (h.timer != null) {
                h.timer.cancel();
            }
            deliver(h.exchange, status, body, List.of());
        }
        held.clear();
        for (Arrival a : ahead.values()) {
            deliver(a.exchange(), status, body, List.of());
        }
        ahead.clear();
    }

    private void releaseBuffer() {
        List<Outgoing> items = List.copyOf(buffer);
        buffer.clear();
        actions.add(() -> items.forEach(o -> o.done().succeeded()));
    }

    private void ended() {
        actions.add(() -> owner.ended(this));
    }

    private void updateIdle() {
        long limit;
        if (state != State.TERMINATED && (!held.isEmpty() || !ahead.isEmpty())) {
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
        return "BoshSession[" + sid + ", " + upstream + "]";
    }
}
