package dev.portico.config;

import java.util.List;

/**
 * The HTTP listener that serves the WebSocket and BOSH endpoints and the web chat.
 *
 * @param bind           address to listen on (IP literal or host name)
 * @param port           TCP port; 0 picks a free one (tests)
 * @param allowedOrigins browser origins allowed to open sessions, normalised to {@code scheme://host[:port]};
 *                       empty means Portico's own origin plus loopback origins
 * @param trustedProxies IP addresses or CIDR ranges whose {@code X-Forwarded-For} is believed
 */
public record HttpConfig(String bind, int port, List<String> allowedOrigins, List<String> trustedProxies) {
    /** The defaults: loopback only, port 7070. */
    public static final HttpConfig DEFAULTS = new HttpConfig("127.0.0.1", 7070, List.of(), List.of());

    public HttpConfig {
        bind = NetworkNames.host("http.bind", bind);
        Checks.port("http.port", port, true);
        allowedOrigins = Checks.each("http.allowed-origins", allowedOrigins, NetworkNames::origin);
        trustedProxies = Checks.each("http.trusted-proxies", trustedProxies, NetworkNames::proxy);
    }
}
