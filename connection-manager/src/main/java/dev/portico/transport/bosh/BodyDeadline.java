package dev.portico.transport.bosh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The time limit on receiving one BOSH request's body, armed only if the body was not already there when
 * reading started. Almost every body arrives with its headers, so almost no request schedules (and then
 * cancels) a timer: a new timer due sooner than every other one wakes the timer thread, which cost two
 * context switches per request.
 *
 * <p>One atomic word decides between the reader finishing and the timer being armed, in either order:
 * {@link #finished} swaps in {@code FINISHED} and cancels whatever task it displaced; {@link #armIfPending}
 * installs its task only over {@code PENDING}, and cancels it itself if the body finished first. So a
 * finished body never leaves a live timer, and an unfinished one always has one.
 */
final class BodyDeadline {
    private static final Object PENDING = new Object();
    private static final Object FINISHED = new Object();

    private final AtomicReference<Object> state = new AtomicReference<>(PENDING);

    /** The body was read (or failed): no deadline any more. Any thread, any number of times. */
    void finished() {
        Object previous = state.getAndSet(FINISHED);
        if (previous instanceof Scheduler.Task task) {
            task.cancel();
        }
    }

    /** Whether {@link #finished} has been called. */
    boolean isFinished() {
        return state.get() == FINISHED;
    }

    /** Schedules {@code onTimeout} after {@code millis} unless the body has already finished. Once. */
    void armIfPending(Scheduler scheduler, Runnable onTimeout, long millis) {
        if (isFinished()) {
            return;
        }
        Scheduler.Task task = scheduler.schedule(onTimeout, millis, TimeUnit.MILLISECONDS);
        if (!state.compareAndSet(PENDING, task)) {
            task.cancel(); // finished in between
        }
    }
}
