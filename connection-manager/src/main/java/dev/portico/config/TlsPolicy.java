package dev.portico.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Whether Portico negotiates STARTTLS on its upstream c2s streams. */
public enum TlsPolicy {
    /** Refuse a server that does not offer STARTTLS. */
    REQUIRED("required"),
    /** Use STARTTLS when the server offers it, continue in the clear otherwise. */
    IF_OFFERED("if-offered"),
    /** Never negotiate TLS (loopback test servers only). */
    DISABLED("disabled");

    private final String wireName;

    TlsPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in the YAML file and on the command line. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, ignoring case and surrounding spaces.
     *
     * @param key the YAML key or flag the value came from, used in the error
     * @throws ConfigException if the value is none of the wire names
     */
    public static TlsPolicy parse(String key, String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (TlsPolicy policy : values()) {
            if (policy.wireName.equals(wanted)) {
                return policy;
            }
        }
        String allowed = Arrays.stream(values()).map(TlsPolicy::wireName).collect(Collectors.joining(", "));
        throw new ConfigException(key, "must be one of " + allowed + " (got " + Checks.quote(value) + ")");
    }
}
