package dev.portico.config;

import java.util.List;
import java.util.Optional;

/**
 * The HTTP listener that serves the WebSocket and BOSH endpoints and the web chat.
 *
 * @param bind           address to listen on (IP literal or host name)
 * @param port           TCP port; 0 picks a free one (tests)
 * @param allowedOrigins browser origins allowed to open sessions, normalised to {@code scheme://host[:port]};
 *                       empty means Portico's own origin plus loopback origins
 * @param trustedProxies IP addresses or CIDR ranges whose {@code X-Forwarded-For} is believed
 * @param publicUrl      the URL browsers reach Portico at ({@code https://host[:port][/path]}, normalised),
 *                       e.g. behind a TLS proxy; its origin is always allowed and host-meta advertises it.
 *                       Empty: the listener's address is Portico's own origin
 */
public record HttpConfig(String bind, int port, List<String> allowedOrigins, List<String> trustedProxies,
                         Optional<String> publicUrl) {
    /** The defaults: loopback only, port 7070, no public URL. */
    public static final HttpConfig DEFAULTS = new HttpConfig("127.0.0.1", 7070, List.of(), List.of(), Optional.empty());

    public HttpConfig {
        bind = NetworkNames.host("http.bind", bind);
        Checks.port("http.port", port, true);
        allowedOrigins = Checks.each("http.allowed-origins", allowedOrigins, NetworkNames::origin);
        trustedProxies = Checks.each("http.trusted-proxies", trustedProxies, NetworkNames::proxy);
        publicUrl = Checks.required("http.public-url", publicUrl).map(url -> NetworkNames.publicUrl("http.public-url", url));
    }

    /** A listener without a public URL. */
    public HttpConfig(String bind, int port, List<String> allowedOrigins, List<String> trustedProxies) {
        this(bind, port, allowedOrigins, trustedProxies, Optional.empty());
    }

    /** The origin ({@code scheme://host[:port]}) of {@link #publicUrl}, if one is configured. */
    public Optional<String> publicOrigin() {
        return publicUrl.map(url -> {
            int pathStart = url.indexOf('/', url.indexOf("://") + 3);
            return pathStart < 0 ? url : url.substring(0, pathStart);
        });
    }
}
