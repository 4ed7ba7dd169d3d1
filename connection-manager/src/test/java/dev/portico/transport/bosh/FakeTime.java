package dev.portico.transport.bosh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A hand-driven clock: a Caffeine {@link Ticker} and a Jetty {@link Scheduler} that only move when the
 * test calls {@link #advance}, running due tasks in time order on the test thread. No sleeping.
 */
final class FakeTime extends AbstractLifeCycle implements Scheduler, Ticker {
    private final class Entry implements Task {
        final long due;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Entry(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public boolean cancel() {
            synchronized (FakeTime.this) {
                boolean was = !cancelled && tasks.contains(this);
                cancelled = true;
                tasks.remove(this);
                return was;
            }
        }
    }

    private final List<Entry> tasks = new ArrayList<>();
    private long now = 1_000_000_000L;
    private long seq;

    @Override
    public synchronized long read() {
        return now;
    }

    @Override
    public synchronized Task schedule(Runnable task, long delay, TimeUnit unit) {
        Entry e = new Entry(now + unit.toNanos(delay), seq++, task);
        tasks.add(e);
        return e;
    }

    /** Moves time forward, running every task that falls due on the way, in order. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = tasks.stream().filter(e -> e.due <= target)
                    .min(Comparator.<Entry>comparingLong(e -> e.due).thenComparingLong(e -> e.seq)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.due);
            }
            next.task.run();
        }
    }

    /** Tasks not yet run or cancelled. */
    synchronized int pending() {
        return tasks.size();
    }
}
