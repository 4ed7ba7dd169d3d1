package dev.portico.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

/**
 * Two logged-in sessions playing ping-pong: alice sends a chat message carrying its send time to bob's
 * full JID, bob echoes the body back to alice's full JID, and alice records the round trip and sends
 * the next one. {@code window} messages are kept in flight (1 = pure latency; more = load). The
 * histogram is touched only on alice's reader thread, which every transport calls serially.
 */
final class EchoPair {
    /** Highest recordable round trip, in microseconds. */
    static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final String PAD = " the quick brown fox jumps over the lazy dog 0123456789 abcdefghij";

    private final XmppLink alice;
    private final XmppLink bob;
    private final int window;
    private final long limit;
    private final long warmup;
    private final RunControl control;
    private final CountDownLatch done;
    private final Histogram histogram = new Histogram(MAX_MICROS, 3);
    private final AtomicLong sent = new AtomicLong();
    private final String toBob;
    private final String toAlice;
    private long received;
    private boolean finished;

    /**
     * @param limit  round trips to send in all (warm-up included), or {@code Long.MAX_VALUE} until stopped
     * @param warmup first round trips not recorded
     * @param done   counted down once, when this pair has stopped and has nothing in flight
     */
    EchoPair(XmppLink alice, XmppLink bob, int window, long limit, long warmup, RunControl control,
             CountDownLatch done) {
        this.alice = alice;
        this.bob = bob;
        this.window = window;
        this.limit = limit;
        this.warmup = warmup;
        this.control = control;
        this.done = done;
        this.toBob = "<message xmlns='jabber:client' type='chat' to='" + bob.jid() + "'><body>";
        this.toAlice = "<message xmlns='jabber:client' type='chat' to='" + alice.jid() + "'><body>";
    }

    void start() {
        bob.onStanza(this::bobReceived);
        alice.onStanza(this::aliceReceived);
        for (int i = 0; i < window; i++) {
            trySend();
        }
    }

    /** Round trips recorded so far (read after {@code done}). */
    Histogram histogram() {
        return histogram;
    }

    private boolean trySend() {
        if (control.stopping()) {
            return false;
        }
        if (sent.incrementAndGet() > limit) {
            sent.decrementAndGet();
            return false;
        }
        try {
            alice.send(toBob + System.nanoTime() + PAD + "</body></message>");
        } catch (RuntimeException e) {
            sent.decrementAndGet(); // a broken session: this pair stops, and is reported as stuck
            return false;
        }
        return true;
    }

    private void bobReceived(String element) {
        String body = body(element);
        if (body != null) {
            try {
                bob.send(toAlice + body + "</body></message>");
            } catch (RuntimeException e) {
                // a broken session: the round trip never completes, the pair is reported as stuck
            }
        }
    }

    private void aliceReceived(String element) {
        String body = body(element);
        if (body == null) {
            return;
        }
        long micros = (System.nanoTime() - Long.parseLong(body.substring(0, body.indexOf(' ')))) / 1_000;
        received++;
        if (received > warmup && control.measuring()) {
            histogram.recordValue(Math.min(micros, MAX_MICROS));
            control.completed().increment();
        }
        if (!trySend() && received >= sent.get() && !finished) {
            finished = true;
            done.countDown();
        }
    }

    /** The text of a message's body, or null for anything else (presence, iq, stream elements). */
    private static String body(String element) {
        if (!element.startsWith("<message")) {
            return null;
        }
        int start = element.indexOf("<body>");
        int end = element.indexOf("</body>");
        return start < 0 || end < start ? null : element.substring(start + 6, end);
    }

    /** Shared switches of one run: whether round trips count yet, and whether pairs must wind down. */
    static final class RunControl {
        private volatile boolean measuring;
        private volatile boolean stopping;
        private final LongAdder completed = new LongAdder();

        RunControl(boolean measuring) {
            this.measuring = measuring;
        }

        boolean measuring() {
            return measuring;
        }

        boolean stopping() {
            return stopping;
        }

        LongAdder completed() {
            return completed;
        }

        void startMeasuring() {
            measuring = true;
        }

        void stop() {
            stopping = true;
        }
    }
}
