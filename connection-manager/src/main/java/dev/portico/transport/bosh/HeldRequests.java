package dev.portico.transport.bosh;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import com.github.benmanes.caffeine.cache.Ticker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The requests a BOSH session holds, oldest first, and the upstream elements waiting for one of them to
 * carry them (XEP-0124 §8). Answers are rendered here, cached for retransmission (§14.3) and written
 * through the session's {@link SerialActions}. An upstream element's callback completes once the response
 * carrying it is written, which is what lets the upstream session's back-pressure work.
 *
 * <p>Confined to its session's lock; every method is called with it held.
 */
final class HeldRequests {
    /** An upstream element and the callback that releases the upstream reader. */
    record Outgoing(byte[] xml, Callback done) {
    }

    /** Adds attributes to the answer of the request {@code rid}. */
    interface Decoration {
        void decorate(long rid, BodyXml body);
    }

    private static final class Held {
        final long rid;
        final RequestRules.Pending request;
        BoshExchange exchange;
        Scheduler.Task timer;

        Held(RequestRules.Pending request, BoshExchange exchange) {
            this.rid = request.rid();
            this.request = request;
            this.exchange = exchange;
        }
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final List<Outgoing> buffer = new ArrayList<>();
    private final ResponseCache cache;
    private final SessionTerms terms;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final SerialActions actions;
    private final LongConsumer waitOver;
    private long lastAnswered = -1;
    private long reportRid = -1;
    private long reportMillis;

    /** {@code waitOver} is called (on the scheduler) with the rid whose 'wait' ran out. */
    HeldRequests(SessionTerms terms, Scheduler scheduler, Ticker ticker, SerialActions actions, LongConsumer waitOver) {
        this.terms = terms;
        this.scheduler = scheduler;
        this.ticker = ticker;
        this.actions = actions;
        this.waitOver = waitOver;
        this.cache = new ResponseCache(terms.requests() + 1);
    }

    ResponseCache cache() {
        return cache;
    }

    int size() {
        return held.size();
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** The rid of the oldest held request, or -1. */
    long oldestRid() {
        Held h = held.peek();
        return h == null ? -1 : h.rid;
    }

    /** The highest rid answered so far, or -1. */
    long lastAnswered() {
        return lastAnswered;
    }

    /**
     * §9.2: the client has every response up to {@code ack}. A response counts as lost only when the
     * client could not still be waiting for it: a client keeps at most {@code requests} requests open, so
     * when it sent {@code rid} it had every response up to {@code rid - requests}. An ack behind by no
     * more than that is a response still on its way (the request crossed it), whatever the time — and a
     * report then is fatal for jbosh (Smack), which has already dropped that request and gives up. Beyond
     * that, once the next response went out at least {@code reportAfter} ago, the next answer carries
     * {@code report} and {@code time}.
     */
    void acknowledge(long ack, boolean explicit, long rid, long now, Duration reportAfter) {
        cache.forgetUpTo(ack);
        if (explicit && ack < lastAnswered && ack < rid - terms.requests()) {
            ResponseCache.Entry lost = cache.get(ack + 1);
            if (lost != null && now - lost.sentAtNanos() >= reportAfter.toNanos()) {
                reportRid = ack + 1;
                reportMillis = TimeUnit.NANOSECONDS.toMillis(now - lost.sentAtNanos());
            }
        }
    }

    /** A lost response waits to be reported. */
    boolean hasReport() {
        return reportRid >= 0;
    }

    /** Holds a request; its 'wait' timer starts now if {@code timed}. */
    void hold(RequestRules.Pending request, BoshExchange exchange, boolean timed) {
        Held h = new Held(request, exchange);
        held.add(h);
        if (timed) {
            arm(h);
        }
    }

    /** Adds the held requests, oldest first, to {@code into} (for the §11 count). */
    void addPendingTo(List<RequestRules.Pending> into) {
        held.forEach(h -> into.add(h.request));
    }

    /** Starts the 'wait' timers not started yet (the creation request's, once the stream is open). */
    void armAll() {
        held.forEach(this::arm);
    }

    /**
     * A retransmitted rid (§14.3): still held, the new connection gets the answer; answered, the cached
     * response is sent again unchanged. False when neither.
     */
    boolean replay(long rid, BoshExchange exchange) {
        for (Held h : held) {
            if (h.rid == rid) {
                BoshExchange old = h.exchange;
                h.exchange = exchange;
                actions.add(old::abandon);
                return true;
            }
        }
        ResponseCache.Entry entry = cache.get(rid);
        if (entry == null) {
            return false;
        }
        String contentType = terms.contentType();
        actions.add(() -> exchange.respond(entry.status(), contentType, entry.body(), Callback.NOOP));
        return true;
    }

    /** Keeps an upstream element until a request carries it. */
    void buffer(byte[] xml, Callback done) {
        buffer.add(new Outgoing(xml, done));
    }

    boolean hasBuffered() {
        return !buffer.isEmpty();
    }

    /** Removes and returns what is buffered; the caller completes the callbacks. */
    List<Outgoing> takeBuffered() {
        if (buffer.isEmpty()) {
            return List.of();
        }
        List<Outgoing> items = List.copyOf(buffer);
        buffer.clear();
        return items;
    }

    /** Lets the upstream read again without delivering what is buffered (the session is over). */
    void releaseBuffered() {
        List<Outgoing> items = takeBuffered();
        actions.add(() -> items.forEach(o -> o.done().succeeded()));
    }

    /**
     * Answers the oldest held request, with the buffered elements when {@code withPayloads}; {@code decorate}
     * adds attributes given the rid answered. The answer is cached for retransmission.
     */
    void answerOldest(boolean withPayloads, Decoration decoration) {
        Held h = take();
        List<Outgoing> items = withPayloads ? takeBuffered() : List.of();
        BodyXml body = new BodyXml();
        decoration.decorate(h.rid, body);
        if (withPayloads && reportRid >= 0) {
            body.attr("report", reportRid).attr("time", reportMillis);
            reportRid = -1;
        }
        List<byte[]> xml;
        if (items.isEmpty()) {
            xml = List.of();
        } else {
            xml = new ArrayList<>(items.size());
            for (Outgoing o : items) {
                xml.add(o.xml());
            }
        }
        byte[] rendered = body.render(xml);
        cache.put(new ResponseCache.Entry(h.rid, 200, rendered, ticker.read(), !items.isEmpty()));
        lastAnswered = Math.max(lastAnswered, h.rid);
        deliver(h.exchange, 200, rendered, items);
    }

    /** Answers the oldest held request with a final body (not cached: the session is over). */
    void answerOldestFinally(byte[] body, List<Outgoing> items) {
        deliver(take().exchange, 200, body, items);
    }

    /** Answers every held request with the same body (a terminal condition). */
    void answerAll(byte[] body, int status) {
        while (!held.isEmpty()) {
            deliver(take().exchange, status, body, List.of());
        }
    }

    /** Writes an answer; the elements it carries are released once it is written (or failed). */
    void deliver(BoshExchange exchange, int status, byte[] body, List<Outgoing> items) {
        String contentType = terms.contentType();
        actions.add(() -> exchange.respond(status, contentType, body, Callback.from(
            () -> items.forEach(o -> o.done().succeeded()),
            // The response stays cached: a client that missed it re-sends the rid and gets it again.
            x -> items.forEach(o -> o.done().succeeded()))));
    }

    private Held take() {
        Held h = held.poll();
        if (h.timer != null) {
            h.timer.cancel();
        }
        return h;
    }

    private void arm(Held h) {
        if (terms.polling() || h.timer != null) {
            return;
        }
        long rid = h.rid;
        h.timer = scheduler.schedule(() -> waitOver.accept(rid), terms.waitSeconds(), TimeUnit.SECONDS);
    }
}
