package dev.portico.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flow control from the browser side back to the upstream socket, as one atomic state word: how many
 * elements were handed to the browser side and not yet taken, and whether the reader stopped reading
 * because of them.
 *
 * <p>Why no wake-up can be lost: the reader decides to stop and publishes that it stopped in one
 * compare-and-set ({@link #pauseIfOutstanding}); a taker decrements and, if it takes the last outstanding
 * element of a paused reader, clears the pause in the same compare-and-set ({@link #taken}). Both act on
 * the same word, so they are totally ordered: either the reader sees the count at zero and keeps reading,
 * or it publishes the pause while the count is positive and exactly one later {@link #taken} sees it and
 * resumes. (The old design kept "outstanding" and "paused" in two variables, and a take between the
 * reader's check and its "paused = true" resumed nothing: the session stalled for good.)
 *
 * <p>Only the reader (one thread at a time: reads are serialized by fill interest) calls {@link #handedOut}
 * and {@link #pauseIfOutstanding}; {@link #taken} may come from any thread.
 */
final class ReadDemand {
    private static final int PAUSED = Integer.MIN_VALUE;

    private final AtomicInteger word = new AtomicInteger();
    private final Runnable resume;
    /** Test seam: runs after the reader decided to pause and before it publishes the pause. */
    private volatile Runnable beforePausePublished;

    /** @param resume what restarts reading (fill interest), run by the taker that ends a pause */
    ReadDemand(Runnable resume) {
        this.resume = resume;
    }

    /** One more element is on its way to the browser side. Reader only, while reading. */
    void handedOut() {
        word.incrementAndGet();
    }

    /**
     * Called by the reader after a read was processed.
     *
     * @return true if the reader must stop now (a later {@link #taken} resumes it), false to keep reading
     */
    boolean pauseIfOutstanding() {
        while (true) {
            int current = word.get();
            if (current == 0) {
                return false;
            }
            Runnable hook = beforePausePublished;
            if (hook != null) {
                hook.run();
            }
            if (word.compareAndSet(current, current | PAUSED)) {
                return true;
            }
            // A take happened in between: decide again with the new count.
        }
    }

    /** The browser side took one element. Any thread. */
    void taken() {
        while (true) {
            int current = word.get();
            int count = current & ~PAUSED;
            if (count == 0) {
                throw new IllegalStateException("taken() without an outstanding element");
            }
            boolean resumes = count == 1 && current < 0;
            int next = resumes ? 0 : current - 1;
            if (word.compareAndSet(current, next)) {
                if (resumes) {
                    resume.run();
                }
                return;
            }
        }
    }

    /** Elements handed out and not yet taken. */
    int outstanding() {
        return word.get() & ~PAUSED;
    }

    /** Whether the reader is stopped waiting for the browser side. */
    boolean isPaused() {
        return word.get() < 0;
    }

    void beforePausePublished(Runnable hook) {
        this.beforePausePublished = hook;
    }

    @Override
    public String toString() {
        int w = word.get();
        return "ReadDemand{outstanding=" + (w & ~PAUSED) + (w < 0 ? ", paused" : "") + "}";
    }
}
