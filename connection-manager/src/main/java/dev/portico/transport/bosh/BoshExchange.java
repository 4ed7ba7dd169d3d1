package dev.portico.transport.bosh;

import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request waiting for its answer. The HTTP layer implements it over a Jetty request whose
 * handling was left pending (no thread waits); unit tests implement it in memory.
 *
 * <p>{@link #respond} is called at most once, from whichever thread decides the answer; the exchange
 * completes {@code written} when the bytes left or could not be written.
 */
interface BoshExchange {
    /** Sends the answer: {@code body} is UTF-8, not changed by anyone once handed here. */
    void respond(int status, String contentType, byte[] body, Callback written);

    /** The client gave up on this exchange (it re-sent the same rid on another connection). */
    void abandon();
}
