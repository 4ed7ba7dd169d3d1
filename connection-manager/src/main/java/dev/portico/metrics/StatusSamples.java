package dev.portico.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import dev.portico.web.StatusView;

/**
 * The status chart's history: a ring of the last {@link #CAPACITY} samples (one per {@link #INTERVAL_MILLIS},
 * so one hour) of sessions open and stanzas per second. One writer (the sampling timer), readers copy under
 * the same small lock; neither side is on a session's path.
 */
public final class StatusSamples {
    /** Samples kept: an hour at one per 30 s. */
    public static final int CAPACITY = 120;
    /** How often {@link #sample} should run. */
    public static final long INTERVAL_MILLIS = 30_000;

    private final LongSupplier sessions;
    private final LongSupplier stanzasTotal;
    private final StatusView.Sample[] ring = new StatusView.Sample[CAPACITY];
    private int next;
    private int size;
    private long lastStanzas = -1;
    private long lastMillis;

    public StatusSamples(LongSupplier sessions, LongSupplier stanzasTotal) {
        this.sessions = sessions;
        this.stanzasTotal = stanzasTotal;
    }

    /** Takes one sample at {@code nowMillis}. */
    public synchronized void sample(long nowMillis) {
        long stanzas = stanzasTotal.getAsLong();
        ring[next] = current(nowMillis, stanzas);
        lastStanzas = stanzas;
        lastMillis = nowMillis;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** What a sample taken at {@code nowMillis} would say, without keeping it (the chart's live end). */
    public synchronized StatusView.Sample current(long nowMillis) {
        return current(nowMillis, stanzasTotal.getAsLong());
    }

    private StatusView.Sample current(long nowMillis, long stanzas) {
        double rate = lastStanzas < 0 || nowMillis <= lastMillis ? 0
            : (stanzas - lastStanzas) * 1000.0 / (nowMillis - lastMillis);
        return new StatusView.Sample(nowMillis, sessions.getAsLong(), rate);
    }

    /** The samples, oldest first. */
    public synchronized List<StatusView.Sample> history() {
        List<StatusView.Sample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[(next - size + i + CAPACITY) % CAPACITY]);
        }
        return out;
    }
}
