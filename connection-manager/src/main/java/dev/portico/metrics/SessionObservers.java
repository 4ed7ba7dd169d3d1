package dev.portico.metrics;

import dev.portico.session.ClientSession;
import dev.portico.session.SessionEvents;

/**
 * Hands session events to the metrics, session ends also to the session-end log, upstream outcomes also
 * to the upstream health the status page shows. Two final fields and
 * direct calls: the per-stanza path stays one virtual call deep.
 */
public final class SessionObservers implements SessionEvents {
    private final PorticoMetrics metrics;
    private final SessionEndLog endLog;
    private final UpstreamHealth health;

    public SessionObservers(PorticoMetrics metrics, SessionEndLog endLog, UpstreamHealth health) {
        this.metrics = metrics;
        this.endLog = endLog;
        this.health = health;
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
    public void upstreamOpened(String domain, long nanos) {
        metrics.upstreamOpened(domain, nanos);
        health.succeeded(domain);
    }

    @Override
    public void upstreamFailed(String domain, String cause) {
        metrics.upstreamFailed(domain, cause);
        health.failed(domain, cause);
    }

    @Override
    public void tls(String domain, String outcome) {
        metrics.tls(domain, outcome);
        if (!outcome.equals("secure") && !outcome.equals("plaintext")) {
            health.failed(domain, "tls " + outcome);
        }
    }
}
