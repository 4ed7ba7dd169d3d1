package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.junit.jupiter.api.Test;

/** Every order of "body finished" and "deadline armed" leaves a live timer exactly when the body is unfinished. */
class BodyDeadlineTest {

    /** A scheduler that records tasks and can run a hook while a task is being scheduled. */
    private static final class RecordingScheduler extends AbstractLifeCycle implements Scheduler {
        final List<FakeTask> tasks = new ArrayList<>();
        Consumer<FakeTask> duringSchedule = t -> { };

        @Override
        public Task schedule(Runnable task, long delay, TimeUnit units) {
            FakeTask t = new FakeTask(task);
            tasks.add(t);
            duringSchedule.accept(t);
            return t;
        }
    }

    private static final class FakeTask implements Scheduler.Task {
        final Runnable action;
        boolean cancelled;

        FakeTask(Runnable action) {
            this.action = action;
        }

        @Override
        public boolean cancel() {
            boolean was = !cancelled;
            cancelled = true;
            return was;
        }
    }

    @Test
    void aBodyThatIsAlreadyCompleteSchedulesNoTimer() {
        RecordingScheduler scheduler = new RecordingScheduler();
        BodyDeadline deadline = new BodyDeadline();
        deadline.finished();
        deadline.armIfPending(scheduler, () -> { }, 10_000);
        assertThat(scheduler.tasks).isEmpty();
    }

    @Test
    void aBodyStillArrivingGetsATimerThatFiresIfItNeverCompletes() {
        RecordingScheduler scheduler = new RecordingScheduler();
        BodyDeadline deadline = new BodyDeadline();
        List<String> fired = new ArrayList<>();
        deadline.armIfPending(scheduler, () -> fired.add("timeout"), 10_000);
        assertThat(scheduler.tasks).hasSize(1);
        assertThat(scheduler.tasks.get(0).cancelled).isFalse();
        scheduler.tasks.get(0).action.run();
        assertThat(fired).containsExactly("timeout");
    }

    @Test
    void aBodyCompletingAfterTheTimerWasArmedCancelsIt() {
        RecordingScheduler scheduler = new RecordingScheduler();
        BodyDeadline deadline = new BodyDeadline();
        deadline.armIfPending(scheduler, () -> { }, 10_000);
        deadline.finished();
        assertThat(scheduler.tasks).singleElement().satisfies(t -> assertThat(t.cancelled).isTrue());
    }

    @Test
    void aBodyCompletingWhileTheTimerIsBeingScheduledStillCancelsIt() {
        RecordingScheduler scheduler = new RecordingScheduler();
        BodyDeadline deadline = new BodyDeadline();
        // The reader finishes on another thread between schedule() and the deadline publishing its task.
        scheduler.duringSchedule = t -> deadline.finished();
        deadline.armIfPending(scheduler, () -> { }, 10_000);
        assertThat(deadline.isFinished()).isTrue();
        assertThat(scheduler.tasks).singleElement().satisfies(t -> assertThat(t.cancelled).isTrue());
    }
}
