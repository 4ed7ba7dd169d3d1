package dev.portico.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** Saturation: runs {@link EchoPair}s over logged-in links (links 2i and 2i+1 form pair i) and collects the result. */
public final class PingPong {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private PingPong() {
    }

    /** What one run measured. */
    public record Outcome(int pairs, int window, long roundTrips, long elapsedNanos, Histogram micros,
                          int stuckPairs, Meters.Usage cpu) {
        /** Messages delivered per second: every round trip is two messages. */
        public double messagesPerSecond() {
            return elapsedNanos == 0 ? 0 : roundTrips * 2 * 1e9 / elapsedNanos;
        }

    }

    /**
     * Every pair keeps {@code window} messages in flight; round trips are counted during
     * {@code measure} only, after {@code warmup}; then the pairs stop and drain. CPU time is sampled
     * over the measured interval.
     */
    static Outcome fixedDuration(List<XmppLink> links, int window, Duration warmup, Duration measure,
                                 Meters meters) throws Exception {
        EchoPair.RunControl control = new EchoPair.RunControl(false);
        List<EchoPair> pairs = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(links.size() / 2);
        for (int i = 0; i + 1 < links.size(); i += 2) {
            pairs.add(new EchoPair(links.get(i), links.get(i + 1), window, Long.MAX_VALUE, 0, control, done));
        }
        pairs.forEach(EchoPair::start);
        Thread.sleep(warmup.toMillis());
        Meters.Usage cpuStart = meters.read();
        control.startMeasuring();
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        long roundTrips = control.completed().sum();
        long elapsed = System.nanoTime() - start;
        Meters.Usage cpu = meters.read().minus(cpuStart);
        control.stop();
        boolean drained = done.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Outcome all = outcome(pairs, window, control, elapsed, drained ? 0 : (int) done.getCount());
        return new Outcome(all.pairs(), window, roundTrips, elapsed, all.micros(), all.stuckPairs(), cpu);
    }

    private static Outcome outcome(List<EchoPair> pairs, int window, EchoPair.RunControl control, long elapsed,
                                   int stuck) {
        Histogram merged = new Histogram(EchoPair.MAX_MICROS, 3);
        for (EchoPair pair : pairs) {
            merged.add(pair.histogram());
        }
        return new Outcome(pairs.size(), window, control.completed().sum(), elapsed, merged, stuck, null);
    }
}
