package dev.portico.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sparse chat traffic at a fixed total rate, open loop: the sending schedule never waits for answers.
 * Links 2i and 2i+1 form pair i and message each other; message k is due at {@code start + k / rate}
 * and is sent by link {@code k mod links} (so every link sends {@code rate / links} per second, evenly
 * spread). Each body carries its <em>intended</em> send time, so the one-way latency a receiver records
 * includes any lag of the schedule itself (no coordinated omission); sender and receivers share this
 * JVM's clock.
 *
 * <p>The schedule runs on the calling thread; receivers run on the transports' threads and only count
 * and record into a lock-free {@link Recorder}.
 */
final class OpenLoop {
    /** Highest recordable latency, in microseconds. */
    static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
    /** Body size the measurements used. */
    static final int BODY_BYTES = 64;

    private final List<XmppLink> links;
    private final List<String> prefixes = new ArrayList<>();
    private final Recorder latency = new Recorder(MAX_MICROS, 3);
    private final LongAdder received = new LongAdder();
    private volatile long recordFrom = Long.MAX_VALUE;
    private volatile long recordUntil = Long.MAX_VALUE;
    private long cursor;
    private long sent;

    /** Installs the receiving handler on every link; {@code links.size()} must be even. */
    OpenLoop(List<XmppLink> links) {
        this.links = List.copyOf(links);
        for (int i = 0; i < links.size(); i++) {
            XmppLink partner = links.get(i ^ 1);
            prefixes.add("<message xmlns='jabber:client' type='chat' to='" + partner.jid() + "'><body>");
            links.get(i).onStanza(this::receive);
        }
    }

    /**
     * Sends {@code rate} messages per second for {@code nanos}; a send that fails (broken session) still
     * counts as sent, so it shows up as lost.
     */
    void run(double rate, long nanos) {
        long start = System.nanoTime();
        long count = (long) (rate * nanos / 1e9);
        for (long k = 0; k < count; k++) {
            long due = start + (long) (k * 1e9 / rate);
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            int i = (int) (cursor++ % links.size());
            String text = Long.toString(due);
            StringBuilder m = new StringBuilder(200).append(prefixes.get(i)).append(text).append(' ');
            for (int pad = text.length() + 1; pad < BODY_BYTES; pad++) {
                m.append((char) ('a' + pad % 26));
            }
            sent++;
            try {
                links.get(i).send(m.append("</body></message>").toString());
            } catch (RuntimeException e) {
                // a broken session: the message is lost and counted as such
            }
        }
    }

    /** Records one-way latency only for messages whose intended send time lies in [from, until). */
    void recordBetween(long from, long until) {
        latency.getIntervalHistogram(); // discard anything recorded before
        recordFrom = from;
        recordUntil = until;
    }

    /** The latencies recorded since {@link #recordBetween}, in microseconds; stops recording. */
    Histogram takeLatency() {
        recordFrom = Long.MAX_VALUE;
        return latency.getIntervalHistogram();
    }

    /** Messages sent so far (schedule thread only). */
    long sent() {
        return sent;
    }

    /** Messages received so far. */
    long received() {
        return received.sum();
    }

    /** Waits until everything sent has arrived, or the timeout passes; returns whether it did. */
    boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (received() < sent) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private void receive(String element) {
        if (!element.startsWith("<message")) {
            return;
        }
        int body = element.indexOf("<body>");
        if (body < 0) {
            return;
        }
        long now = System.nanoTime();
        int end = element.indexOf(' ', body + 6);
        long due = Long.parseLong(element, body + 6, end, 10);
        received.increment();
        if (due >= recordFrom && due < recordUntil) {
            latency.recordValue(Math.min(MAX_MICROS, Math.max(0, (now - due) / 1_000)));
        }
    }
}
