package dev.portico.config;

import java.util.Optional;

/**
 * An XMPP domain Portico serves and where its c2s server is.
 *
 * @param domain        the domain, lower case
 * @param host          the server's address; empty means DNS SRV {@code _xmpp-client._tcp} first, then the domain itself
 * @param port          the c2s port used with {@code host}, or with the domain when SRV finds nothing
 * @param proxyProtocol whether each upstream connection starts with a PROXY protocol v2 header naming the browser's
 *                      address (the server's listener must expect it)
 */
public record UpstreamDomain(String domain, Optional<String> host, int port, boolean proxyProtocol) {
    /** The standard c2s port. */
    public static final int DEFAULT_PORT = 5222;

    public UpstreamDomain {
        domain = NetworkNames.domainName("upstream.domains", domain);
        String key = "upstream.domains." + domain;
        host = Checks.required(key + ".host", host).map(h -> NetworkNames.host(key + ".host", h));
        Checks.port(key + ".port", port, false);
    }

    /** A domain without the PROXY protocol header. */
    public UpstreamDomain(String domain, Optional<String> host, int port) {
        this(domain, host, port, false);
    }

    /** A domain whose server is found through DNS SRV. */
    public static UpstreamDomain viaSrv(String domain) {
        return new UpstreamDomain(domain, Optional.empty(), DEFAULT_PORT);
    }
}
