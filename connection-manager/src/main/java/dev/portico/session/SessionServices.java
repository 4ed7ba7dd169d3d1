package dev.portico.session;

import java.time.Duration;

import dev.portico.upstream.UpstreamConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What every client session shares: the upstream connector, the scheduler for timers, the registry and
 * the limits. One instance per server.
 *
 * @param upstream       opens upstream streams for configured domains
 * @param scheduler      timers (close grace, open timeout)
 * @param registry       live sessions and limits
 * @param maxElementSize largest element accepted from the server, in bytes
 * @param openTimeout    how long the server may take to answer a stream header
 * @param closeGrace     how long to wait for the server's closing tag after ours
 * @param maxQueuedBytes most bytes a session may have accepted but not delivered, per direction
 */
public record SessionServices(UpstreamConnector upstream, Scheduler scheduler, SessionRegistry registry,
                              int maxElementSize, Duration openTimeout, Duration closeGrace, int maxQueuedBytes) {
}
