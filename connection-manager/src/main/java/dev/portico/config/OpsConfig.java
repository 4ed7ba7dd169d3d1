package dev.portico.config;

import java.util.Optional;

/**
 * Operations: how session-end lines are logged, and who may see the status page.
 *
 * @param logFormat  {@code logging.format}: {@code text} (one readable line) or {@code json} (one JSON object
 *                   per line, for log shippers)
 * @param adminToken {@code admin.token}: a secret that opens the status page from any address
 *                   ({@code Authorization: Bearer …} or {@code ?token=…}); empty: loopback only
 */
public record OpsConfig(String logFormat, Optional<String> adminToken) {
    /** Text lines, status page for loopback only. */
    public static final OpsConfig DEFAULTS = new OpsConfig("text", Optional.empty());

    public OpsConfig {
        Checks.nonBlank("logging.format", logFormat);
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException("logging.format", "must be text or json (got " + Checks.quote(logFormat) + ")");
        }
        adminToken = Checks.required("admin.token", adminToken);
        adminToken.ifPresent(token -> {
            if (token.length() < 16) {
                throw new ConfigException("admin.token", "must be at least 16 characters (a random secret)");
            }
        });
    }

    /** Whether session-end lines are JSON. */
    public boolean jsonLogs() {
        return logFormat.equals("json");
    }
}
