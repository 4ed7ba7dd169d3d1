package dev.portico.session;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jetty.util.thread.Scheduler;

/** The one pending timeout of a session (open timeout, then close grace): starting one cancels the last. */
final class SessionTimer {
    private final Scheduler scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private Scheduler.Task task;

    SessionTimer(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void start(long millis, Runnable action) {
        lock.lock();
        try {
            if (task != null) {
                task.cancel();
            }
            task = scheduler.schedule(action, millis, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    void cancel() {
        lock.lock();
        try {
            if (task != null) {
                task.cancel();
                task = null;
            }
        } finally {
            lock.unlock();
        }
    }
}
