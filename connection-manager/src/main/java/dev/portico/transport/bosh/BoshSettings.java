package dev.portico.transport.bosh;

import java.time.Duration;

import dev.portico.config.PorticoConfig;

/**
 * The server side of the BOSH terms, read once from the configuration.
 *
 * @param maxWait      longest {@code wait} granted, in seconds
 * @param maxHold      most requests held at once
 * @param inactivity   the {@code inactivity} announced and enforced
 * @param maxPause     the {@code maxpause} announced; longer pauses are cut to it
 * @param polling      the shortest polling interval announced and enforced (§11, §12)
 * @param maxBodyBytes largest request body accepted: the stanza limit plus room for the wrapper
 * @param reportAfter  how long an unacknowledged response must be out before it counts as lost (§9.2)
 * @param maxQueuedBytes most bytes a session may hold in each direction ({@code limits.max-queued-bytes}):
 *                     browser payloads not yet written upstream, server elements not yet in a response
 */
record BoshSettings(int maxWait, int maxHold, Duration inactivity, Duration maxPause, Duration polling,
                    int maxBodyBytes, Duration reportAfter, int maxQueuedBytes) {
    /** Room for the {@code <body/>} wrapper and its attributes around a maximum-size stanza. */
    static final int BODY_OVERHEAD = 8 * 1024;

    static BoshSettings from(PorticoConfig config) {
        var bosh = config.bosh();
        int maxBody = (int) Math.min(Integer.MAX_VALUE - 16, (long) config.limits().maxStanzaSize() + BODY_OVERHEAD);
        return new BoshSettings(bosh.maxWait(), bosh.maxHold(), bosh.inactivity(), bosh.maxPause(), bosh.polling(),
            maxBody, Duration.ofSeconds(2), config.limits().maxQueuedBytes());
    }
}
