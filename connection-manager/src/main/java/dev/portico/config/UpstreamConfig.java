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
 * @param tls                how the streams are secured; {@code if-offered} and {@code disabled} only towards
 *                           local addresses unless {@code allowPlaintext}
 * @param trustStore         PEM or PKCS12 file of trusted CAs; empty means the JDK's default trust
 * @param trustStorePassword password of a PKCS12 trust store
 * @param connectTimeout     TCP connect timeout
 * @param closeGrace         how long to wait for the server's {@code </stream:stream>} after sending ours
 * @param maxElementSize     biggest element accepted from the server, in bytes
 * @param keepAlive          after this long without traffic from the server, Portico sends a whitespace
 *                           keep-alive (RFC 6120 §4.6.1) so quiet streams survive NATs and dead peers show
 * @param allowPlaintext     lets {@code if-offered}/{@code disabled} reach non-local or DNS-found servers
 * @param allowPrivateDns    accepts loopback, private and link-local addresses learnt from DNS (SRV targets,
 *                           or a domain's own address); refused by default
 */
public record UpstreamConfig(
        Map<String, UpstreamDomain> domains,
        TlsPolicy tls,
        Optional<Path> trustStore,
        Optional<String> trustStorePassword,
        Duration connectTimeout,
        Duration closeGrace,
        int maxElementSize,
        Duration keepAlive,
        boolean allowPlaintext,
        boolean allowPrivateDns) {

    /** The defaults: no domain, TLS required, JDK trust, no plaintext or local DNS answers allowed. */
    public static final UpstreamConfig DEFAULTS = new UpstreamConfig(Map.of(), TlsPolicy.REQUIRED, Optional.empty(),
            Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(2), 1 << 20, Duration.ofSeconds(60));

    /** The same with both safety switches at their defaults (no plaintext to remote servers, no local DNS answers). */
    public UpstreamConfig(Map<String, UpstreamDomain> domains, TlsPolicy tls, Optional<Path> trustStore,
                          Optional<String> trustStorePassword, Duration connectTimeout, Duration closeGrace,
                          int maxElementSize, Duration keepAlive) {
        this(domains, tls, trustStore, trustStorePassword, connectTimeout, closeGrace, maxElementSize, keepAlive,
                false, false);
    }

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
        if (tls.mayStayPlaintext() && !allowPlaintext) {
            domains.values().forEach(domain -> requireLocal(tls, domain));
        }
    }

    // A plaintext stream carries the password; only a server on this machine or the private network may get one
    // without the operator saying so.
    private static void requireLocal(TlsPolicy tls, UpstreamDomain domain) {
        String problem;
        if (domain.host().isEmpty()) {
            problem = domain.domain() + " is found through DNS";
        } else if (!LocalAddresses.isLocalHost(domain.host().get())) {
            problem = domain.domain() + "'s host " + domain.host().get()
                    + (NetworkNames.isIpLiteral(domain.host().get()) ? " is a public address" : " is a DNS name");
        } else {
            return;
        }
        throw new ConfigException("upstream.tls", Checks.quote(tls.wireName())
                + " can send passwords in cleartext, so it needs every upstream host to be a loopback or private IP"
                + " address, but " + problem + " (use required or direct, or force it with upstream.allow-plaintext:"
                + " true / --upstream-allow-plaintext)");
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
                + connectTimeout + ", closeGrace=" + closeGrace + ", maxElementSize=" + maxElementSize + ", keepAlive=" + keepAlive
                + ", allowPlaintext=" + allowPlaintext + ", allowPrivateDns=" + allowPrivateDns + "]";
    }
}
