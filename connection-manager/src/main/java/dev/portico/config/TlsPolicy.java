package dev.portico.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How Portico secures its upstream c2s streams. {@link #IF_OFFERED} and {@link #DISABLED} can leave a stream in
 * plaintext, so {@link UpstreamConfig} allows them only towards local addresses unless forced.
 */
public enum TlsPolicy {
    /**
     * TLS always: STARTTLS, refusing a server that does not offer it; a domain found through DNS uses direct
     * TLS ({@code _xmpps-client._tcp}, XEP-0368) first when it publishes it.
     */
    REQUIRED("required"),
    /** Use STARTTLS when the server offers it, continue in the clear otherwise. */
    IF_OFFERED("if-offered"),
    /** Never negotiate TLS. */
    DISABLED("disabled"),
    /** TLS from the first byte (XEP-0368 direct TLS), no STARTTLS; SRV {@code _xmpps-client._tcp} only. */
    DIRECT("direct");

    private final String wireName;

    TlsPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in the YAML file and on the command line. */
    public String wireName() {
        return wireName;
    }

    /** Whether a stream under this policy may stay unencrypted. */
    public boolean mayStayPlaintext() {
        return this == IF_OFFERED || this == DISABLED;
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
