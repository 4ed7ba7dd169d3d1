package dev.portico.transport.bosh;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a BOSH request body into one array, without blocking. A body that is all there when the request is
 * handled (a chat message nearly always is) is copied once, straight into an array of its declared length:
 * no accumulator, no deadline task. Only a body still on its way gets a deadline ({@code limits.open-timeout},
 * since a trickle of bytes defeats an idle timeout; {@link BodyDeadline}) and is read on demand. Reads at most
 * {@code max} bytes.
 * Non-blocking, as what it calls is, so Jetty runs a demanded read in the thread that read the bytes.
 */
final class BodyReader implements Runnable, Invocable {
    private static final byte[] EMPTY = new byte[0];

    /** Where the body goes; called once, on the thread that delivered the last chunk or the failure. */
    interface Done {
        void body(byte[] body);

        void failed(Throwable cause);
    }

    private final Request request;
    private final int max;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Done done;
    private byte[] bytes;
    private int length;
    /** Created when the body is not all there; touched only from {@link #run}, which Jetty never runs twice at once. */
    private BodyDeadline deadline;

    private BodyReader(Request request, int max, Scheduler scheduler, Duration timeout, Done done) {
        this.request = request;
        this.max = max;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.done = done;
        long declared = request.getLength();
        this.bytes = declared > 0 && declared <= max ? new byte[(int) declared] : EMPTY;
    }

    /**
     * Reads the body of {@code request} (at most {@code max} bytes, else {@code done} fails); {@code scheduler}
     * null means no deadline.
     */
    static void read(Request request, int max, Scheduler scheduler, Duration timeout, Done done) {
        new BodyReader(request, max, scheduler, timeout, done).run();
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                if (deadline == null && scheduler != null) {
                    deadline = new BodyDeadline();
                    deadline.armIfPending(scheduler, () -> request.fail(
                        new TimeoutException("BOSH body not received within " + timeout)), timeout.toMillis());
                }
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                if (!chunk.isLast()) {
                    request.fail(failure); // a transient failure (idle timeout) still ends this read
                }
                fail(failure);
                return;
            }
            int n = chunk.remaining();
            if (n > max - length) {
                chunk.release();
                fail(new IllegalArgumentException("BOSH body over " + max + " bytes"));
                return;
            }
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(length + n, 2 * bytes.length)));
            }
            chunk.get(bytes, length, n);
            length += n;
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                cancelDeadline();
                done.body(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
                return;
            }
        }
    }

    private void fail(Throwable cause) {
        cancelDeadline();
        done.failed(cause);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.finished();
        }
    }
}
