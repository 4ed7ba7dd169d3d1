package dev.portico.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The c2s streams Portico opens to XMPP servers, one per browser session.
 *
 * @param domains            served domains by lower-case name, in configuration order; a session whose
 *                           {@code to} is not a key here is refused
 * @param tls                STARTTLS policy
 * @param trustStore         PEM or PKCS12 file of trusted CAs; empty means the JDK's default trust
 * @param trustStorePassword password of a PKCS12 trust store
 * @param connectTimeout     TCP connect timeout
 * @param closeGrace         how long to wait for the server's {@code </stream:stream>} after sending ours
 * @param maxElementSize     biggest element accepted from the server, in bytes
 * @param keepAlive          after this long without traffic from the server, Portico sends a whitespace
 *                           keep-alive (RFC 6120 §4.6.1) so quiet streams survive NATs and dead peers show
 */
public record UpstreamConfig(
        Map<String, UpstreamDomain> domains,
        TlsPolicy tls,
        Optional<Path> trustStore,
        Optional<String> trustStorePassword,
        Duration connectTimeout,
        Duration closeGrace,
        int maxElementSize,
        Duration keepAlive) {

    /** The defaults: no domain, STARTTLS when offered, JDK trust. */
    public static final UpstreamConfig DEFAULTS = new UpstreamConfig(Map.of(), TlsPolicy.IF_OFFERED, Optional.empty(),
            Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(2), 1 << 20, Duration.ofSeconds(60));

    public UpstreamConfig {
        domains = copyDomains(domains);
        Checks.required("upstream.tls", tls);
        trustStore = Checks.required("upstream.trust-store", trustStore)
                .map(file -> Checks.existingFile("upstream.trust-store", file));
        Checks.required("upstream.trust-store-password", trustStorePassword);
        if (trustStorePassword.isPresent() && trustStore.isEmpty()) {
            throw new ConfigException("upstream.trust-store-password", "is set but upstream.trust-store is not");
        }
        Checks.positive("upstream.connect-timeout", connectTimeout);
        Checks.notNegative("upstream.close-grace", closeGrace);
        Checks.atLeast("upstream.max-element-size", maxElementSize, 1);
        Checks.positive("upstream.keepalive", keepAlive);
    }

    // Keeps the configured order, so logs and pages list domains as written, and forbids later changes.
    private static Map<String, UpstreamDomain> copyDomains(Map<String, UpstreamDomain> domains) {
        Map<String, UpstreamDomain> copy = new LinkedHashMap<>();
        Checks.required("upstream.domains", domains).forEach((name, domain) -> {
            Checks.required("upstream.domains." + name, domain);
            if (!domain.domain().equals(name)) {
                throw new ConfigException("upstream.domains",
                        "entry " + Checks.quote(name) + " describes domain " + Checks.quote(domain.domain()));
            }
            copy.put(name, domain);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Like the generated one, but never prints the trust store password into a log. */
    @Override
    public String toString() {
        return "UpstreamConfig[domains=" + domains + ", tls=" + tls + ", trustStore=" + trustStore
                + ", trustStorePassword=" + trustStorePassword.map(p -> "[redacted]") + ", connectTimeout="
                + connectTimeout + ", closeGrace=" + closeGrace + ", maxElementSize=" + maxElementSize + ", keepAlive=" + keepAlive + "]";
    }
}
