package dev.portico.metrics;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the last upstream connection to each domain went, for the status page: updated once per session
 * open (never per stanza), read when the page renders. One immutable record per domain, replaced whole, so
 * a reader never sees half an update.
 */
public final class UpstreamHealth {
    /** The last outcome: {@code lastOkMillis}/{@code lastErrorMillis} are 0 when it never happened. */
    public record Domain(boolean healthy, long lastOkMillis, String lastError, long lastErrorMillis) {
    }

    private final Map<String, Domain> domains = new ConcurrentHashMap<>();
    private final Clock clock;

    public UpstreamHealth(Clock clock) {
        this.clock = clock;
    }

    void succeeded(String domain) {
        long now = clock.millis();
        domains.compute(domain, (d, old) -> old == null ? new Domain(true, now, null, 0)
            : new Domain(true, now, old.lastError(), old.lastErrorMillis()));
    }

    void failed(String domain, String cause) {
        long now = clock.millis();
        domains.compute(domain, (d, old) -> new Domain(false, old == null ? 0 : old.lastOkMillis(), cause, now));
    }

    /** The state of {@code domain}, or null before any attempt. */
    public Domain of(String domain) {
        return domains.get(domain);
    }
}
