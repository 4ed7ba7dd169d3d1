package dev.portico.config;

import java.util.List;

/**
 * Who may read {@code /metrics}.
 *
 * @param allowFrom IP addresses or CIDR ranges of the clients allowed; the client is the direct peer, or the
 *                  address in {@code X-Forwarded-For} when the peer is one of {@code http.trusted-proxies}
 */
public record MetricsConfig(List<String> allowFrom) {
    /** The default: loopback only. */
    public static final MetricsConfig DEFAULTS = new MetricsConfig(List.of("127.0.0.0/8", "::1"));

    public MetricsConfig {
        allowFrom = Checks.each("metrics.allow-from", allowFrom, NetworkNames::proxy);
    }
}
