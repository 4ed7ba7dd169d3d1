package dev.portico.config;

import java.time.Duration;

/**
 * Limits that keep one browser, or one address, from exhausting the connection manager.
 *
 * @param maxStanzaSize             biggest stanza accepted from a browser, in bytes
 * @param maxSessions               most concurrent sessions overall
 * @param maxSessionsPerIp          most concurrent sessions from one client address
 * @param newSessionsPerIpPerMinute most new sessions one client address may open per minute
 * @param maxQueuedBytes            most bytes one session may have accepted but not yet delivered, in each
 *                                  direction; over it the session ends with {@code policy-violation}
 * @param maxConnectionsPerIp       most connections one client address may hold open: WebSockets (from the
 *                                  upgrade, before any {@code <open/>}) plus BOSH requests in flight
 * @param openTimeout               how long a new WebSocket may go without {@code <open/>}, and how long a BOSH
 *                                  request may take to deliver its body
 * @param authFailuresPerIpPerHour  SASL failures from one client address within an hour after which new
 *                                  sessions from it are refused; 0 turns the guard off
 *
 * <p>Per-address limits count an IPv6 address by its /64.
 */
public record LimitsConfig(int maxStanzaSize, int maxSessions, int maxSessionsPerIp, int newSessionsPerIpPerMinute,
                           int maxQueuedBytes, int maxConnectionsPerIp, Duration openTimeout,
                           int authFailuresPerIpPerHour) {
    /**
     * The defaults: 256 KiB stanzas, 10000 sessions, 100 per address, 60 new per address per minute, 1 MiB
     * queued, 200 connections per address (a BOSH session holds up to two requests), 10 s to open, 20
     * failed logins per address per hour.
     */
    public static final LimitsConfig DEFAULTS = new LimitsConfig(256 << 10, 10_000, 100, 60, 1 << 20, 200,
        Duration.ofSeconds(10), 20);

    public LimitsConfig {
        Checks.atLeast("limits.max-stanza-size", maxStanzaSize, 1);
        Checks.atLeast("limits.max-sessions", maxSessions, 1);
        Checks.atLeast("limits.max-sessions-per-ip", maxSessionsPerIp, 1);
        Checks.atLeast("limits.new-sessions-per-ip-per-minute", newSessionsPerIpPerMinute, 1);
        Checks.atLeast("limits.max-connections-per-ip", maxConnectionsPerIp, 1);
        Checks.positive("limits.open-timeout", openTimeout);
        Checks.atLeast("limits.auth-failures-per-ip-per-hour", authFailuresPerIpPerHour, 0);
        if (maxQueuedBytes < maxStanzaSize) {
            throw new ConfigException("limits.max-queued-bytes", "must be at least limits.max-stanza-size ("
                + maxStanzaSize + " bytes), or no stanza of the largest allowed size could ever pass");
        }
    }
}
