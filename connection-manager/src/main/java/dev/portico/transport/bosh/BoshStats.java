package dev.portico.transport.bosh;

/**
 * A snapshot over all BOSH sessions, for metrics and the status page.
 *
 * @param heldRequests    requests held open now
 * @param queuedFromClient bytes from browsers accepted and not yet written upstream (bytes for the browser
 *                         wait in the session's upstream stream and count in {@code portico_queued_bytes})
 */
public record BoshStats(long heldRequests, long queuedFromClient) {
}
