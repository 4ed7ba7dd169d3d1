package dev.portico.metrics;

import dev.portico.session.ClientSession;
import dev.portico.session.SessionEvents;

/**
 * Hands session events to the metrics, and session ends also to the session-end log. Two final fields and
 * direct calls: the per-stanza path stays one virtual call deep.
 */
public final class SessionObservers implements SessionEvents {
    private final PorticoMetrics metrics;
    private final SessionEndLog endLog;

    public SessionObservers(PorticoMetrics metrics, SessionEndLog endLog) {
        this.metrics = metrics;
        this.endLog = endLog;
    }

    @Override
    public void opened(ClientSession session) {
        metrics.opened(session);
    }

    @Override
    public void ended(ClientSession session, String reason) {
        metrics.ended(session, reason);
        endLog.ended(session, reason);
    }

    @Override
    public void toServer(int bytes) {
        metrics.toServer(bytes);
    }

    @Override
    public void toClient(int bytes) {
        metrics.toClient(bytes);
    }

    @Override
    public void upstreamOpened(long nanos) {
        metrics.upstreamOpened(nanos);
    }

    @Override
    public void upstreamFailed(String cause) {
        metrics.upstreamFailed(cause);
    }

    @Override
    public void tls(String outcome) {
        metrics.tls(outcome);
    }
}
