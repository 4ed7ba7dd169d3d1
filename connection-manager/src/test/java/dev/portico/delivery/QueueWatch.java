package dev.portico.delivery;

import java.util.concurrent.atomic.AtomicLong;

import dev.portico.server.PorticoServer;
import dev.portico.session.ClientSession;

/**
 * Samples, on a thread of its own, how many bytes Portico holds for its sessions (the product's own
 * counters: accepted from the browser and not yet written upstream, and from the server not yet taken by the
 * browser's transport), and keeps the largest value seen in each direction. Bytes, not time.
 */
final class QueueWatch implements AutoCloseable {
    private final PorticoServer server;
    private final AtomicLong maxUp = new AtomicLong();
    private final AtomicLong maxDown = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;

    QueueWatch(PorticoServer server) {
        this.server = server;
        this.thread = new Thread(this::sample, "queue-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (!stop) {
            for (ClientSession s : server.sessions().snapshot()) {
                maxUp.accumulateAndGet(s.queuedUpstreamBytes(), Math::max);
                maxDown.accumulateAndGet(s.queuedDownstreamBytes(), Math::max);
            }
            samples.incrementAndGet();
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** The most bytes seen queued towards the server for one session. */
    long maxUpstream() {
        return maxUp.get();
    }

    /** The most bytes seen queued towards a browser for one session. */
    long maxDownstream() {
        return maxDown.get();
    }

    /** How many rounds over all sessions were taken (to show the watch was awake). */
    long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5_000);
    }
}
