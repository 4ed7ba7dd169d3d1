package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The upstream read demand state: whatever the interleaving of the reader pausing and the browser side
 * taking elements on other threads, reading resumes exactly once per pause and never stays stopped with
 * nothing outstanding (the lost wake-up that once stalled sessions for good).
 */
class ReadDemandTest {
    private final AtomicInteger resumes = new AtomicInteger();
    private final ReadDemand demand = new ReadDemand(resumes::incrementAndGet);

    @Test
    void withNothingOutstandingTheReaderKeepsReading() {
        assertThat(demand.pauseIfOutstanding()).isFalse();
        assertThat(demand.isPaused()).isFalse();
    }

    @Test
    void theReaderPausesWhileAnElementIsOutstandingAndTheLastTakeResumesItOnce() {
        demand.handedOut();
        demand.handedOut();
        assertThat(demand.pauseIfOutstanding()).isTrue();
        demand.taken();
        assertThat(resumes).hasValue(0);
        demand.taken();
        assertThat(resumes).hasValue(1);
        assertThat(demand.isPaused()).isFalse();
        assertThat(demand.outstanding()).isZero();
    }

    @Test
    void aTakeWithoutAnOutstandingElementIsABug() {
        assertThatThrownBy(demand::taken).isInstanceOf(IllegalStateException.class);
    }

    /**
     * The exact interleaving of the old stall: the browser side takes the last element on another thread
     * after the reader decided to stop but before the pause is published. With two separate variables
     * ("outstanding" and "paused") that take saw no pause and resumed nothing, and the reader then
     * stopped for good. Here the reader must notice and keep reading.
     */
    @RepeatedTest(200)
    void aTakeBetweenTheReadersDecisionAndItsPublishedPauseIsNotLost() throws Exception {
        demand.handedOut();
        demand.beforePausePublished(() -> {
            Thread taker = new Thread(demand::taken, "browser-side");
            taker.start();
            join(taker);
            demand.beforePausePublished(null);
        });
        boolean paused = demand.pauseIfOutstanding();
        // Either the reader goes on, or it paused and was resumed: never stopped with nothing outstanding.
        assertThat(!paused || resumes.get() == 1).isTrue();
        assertThat(paused).isFalse();
        assertThat(resumes).hasValue(0);
        assertThat(demand.outstanding()).isZero();
        assertThat(demand.isPaused()).isFalse();
    }

    /** Free-running race of a reader and a taker thread: every pause is ended by exactly one resume. */
    @RepeatedTest(20)
    void racingReaderAndTakersNeverLoseAWakeUp() throws Exception {
        int rounds = 5_000;
        CyclicBarrier start = new CyclicBarrier(2);
        java.util.concurrent.ArrayBlockingQueue<Integer> handed = new java.util.concurrent.ArrayBlockingQueue<>(rounds * 3);
        AtomicInteger pauses = new AtomicInteger();
        CountDownLatch taken = new CountDownLatch(rounds * 3);
        Thread taker = new Thread(() -> {
            await(start);
            for (int i = 0; i < rounds * 3; i++) {
                try {
                    handed.take();
                } catch (InterruptedException e) {
                    return;
                }
                demand.taken();
                taken.countDown();
            }
        }, "taker");
        taker.start();
        await(start);
        for (int i = 0; i < rounds; i++) {
            // A read hands out up to three elements, then the reader decides whether to go on.
            for (int k = 0; k < 3; k++) {
                demand.handedOut();
                handed.add(k);
            }
            if (demand.pauseIfOutstanding()) {
                pauses.incrementAndGet();
                // The reader is stopped now; only a resume may start it again.
                int before = pauses.get();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (resumes.get() < before) {
                    assertThat(System.nanoTime()).as("resumed after pause %d (a lost wake-up never is)", before)
                        .isLessThan(deadline);
                    Thread.onSpinWait();
                }
            }
        }
        taken.await();
        join(taker);
        assertThat(resumes.get()).isEqualTo(pauses.get());
        assertThat(demand.outstanding()).isZero();
        assertThat(demand.isPaused()).isFalse();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(t.isAlive()).as("thread %s finished", t.getName()).isFalse();
    }
}
