package dev.portico.transport.bosh;

import org.eclipse.jetty.io.Content;

/**
 * Reads and discards a request body that is too large to process, without blocking, before the refusal
 * is sent. Answering while the client is still sending makes the server close a socket with unread
 * input, which resets the connection and can destroy the answer before the client reads it. Bodies
 * beyond {@code cap} are not drained: then losing the answer is the lesser evil.
 */
final class BodyDrain {
    private final Content.Source source;
    private final long cap;
    private final Runnable then;
    private long seen;

    private BodyDrain(Content.Source source, long cap, Runnable then) {
        this.source = source;
        this.cap = cap;
        this.then = then;
    }

    /** Discards the body, then runs {@code then} (on whatever thread delivered the last chunk). */
    static void discard(Content.Source source, long cap, Runnable then) {
        new BodyDrain(source, cap, then).run();
    }

    private void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this::run);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                then.run();
                return;
            }
            seen += chunk.remaining();
            boolean last = chunk.isLast();
            chunk.release();
            if (last || seen > cap) {
                then.run();
                return;
            }
        }
    }
}
