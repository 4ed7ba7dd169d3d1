package dev.portico.transport.bosh;

/**
 * A snapshot over all BOSH sessions, for metrics and the status page.
 *
 * @param heldRequests    requests held open now
 * @param queuedFromClient bytes from browsers accepted and not yet written upstream
 * @param queuedToClient   bytes from servers waiting for a request to carry them
 */
public record BoshStats(long heldRequests, long queuedFromClient, long queuedToClient) {
}
