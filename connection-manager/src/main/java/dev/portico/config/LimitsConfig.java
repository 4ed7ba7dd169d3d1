package dev.portico.config;

/**
 * Limits that keep one browser, or one address, from exhausting the connection manager.
 *
 * @param maxStanzaSize             biggest stanza accepted from a browser, in bytes
 * @param maxSessions               most concurrent sessions overall
 * @param maxSessionsPerIp          most concurrent sessions from one client address
 * @param newSessionsPerIpPerMinute most new sessions one client address may open per minute
 * @param maxQueuedBytes            most bytes one session may have accepted but not yet delivered, in each
 *                                  direction; over it the session ends with {@code policy-violation}
 */
public record LimitsConfig(int maxStanzaSize, int maxSessions, int maxSessionsPerIp, int newSessionsPerIpPerMinute,
                           int maxQueuedBytes) {
    /** The defaults: 256 KiB stanzas, 10000 sessions, 100 per address, 60 new per address per minute, 1 MiB queued. */
    public static final LimitsConfig DEFAULTS = new LimitsConfig(256 << 10, 10_000, 100, 60, 1 << 20);

    public LimitsConfig {
        Checks.atLeast("limits.max-stanza-size", maxStanzaSize, 1);
        Checks.atLeast("limits.max-sessions", maxSessions, 1);
        Checks.atLeast("limits.max-sessions-per-ip", maxSessionsPerIp, 1);
        Checks.atLeast("limits.new-sessions-per-ip-per-minute", newSessionsPerIpPerMinute, 1);
        if (maxQueuedBytes < maxStanzaSize) {
            throw new ConfigException("limits.max-queued-bytes", "must be at least limits.max-stanza-size ("
                + maxStanzaSize + " bytes), or no stanza of the largest allowed size could ever pass");
        }
    }
}
