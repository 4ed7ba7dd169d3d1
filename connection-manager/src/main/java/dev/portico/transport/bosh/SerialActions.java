package dev.portico.transport.bosh;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Side effects a session decides under its lock (answer an exchange, forward a payload, close the
 * upstream) but must run outside it, in the order decided. Whoever calls {@link #run} first drains the
 * queue, including actions other threads add meanwhile, so payloads reach the server in rid order and
 * a nested call (an upstream failure reported while forwarding) only queues.
 */
final class SerialActions {
    private static final Logger LOG = LoggerFactory.getLogger(SerialActions.class);
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    void add(Runnable action) {
        lock.lock();
        try {
            queue.add(action);
        } finally {
            lock.unlock();
        }
    }

    /** Runs queued actions until none are left, unless another call is already doing so. */
    void run() {
        while (true) {
            Runnable next;
            lock.lock();
            try {
                if (running || queue.isEmpty()) {
                    return;
                }
                running = true;
                next = queue.poll();
            } finally {
                lock.unlock();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("BOSH action failed", e);
            } finally {
                lock.lock();
                try {
                    running = false;
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
