package dev.portico.web;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the web pages need to know about the server they are served by. Built once by the server wiring
 * from its validated configuration; this module does not read configuration itself.
 *
 * @param title                  product name shown in the page title and heading
 * @param defaultDomain          domain appended to a bare user name on the login form, if any
 * @param webSocketPath          path of the RFC 7395 endpoint, e.g. {@code /xmpp-websocket}
 * @param boshPath               path of the BOSH endpoint, e.g. {@code /http-bind}
 * @param widgetAllowedEmbedders origins (scheme://host[:port]) allowed to frame {@code /embed}; empty means
 *                               only Portico itself
 */
public record WebSettings(String title, Optional<String> defaultDomain, String webSocketPath, String boshPath,
        List<String> widgetAllowedEmbedders) {

    public WebSettings {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(defaultDomain, "defaultDomain");
        requirePath("webSocketPath", webSocketPath);
        requirePath("boshPath", boshPath);
        widgetAllowedEmbedders = List.copyOf(widgetAllowedEmbedders);
        for (String origin : widgetAllowedEmbedders) {
            if (!SecurityHeaders.isCspSafeSource(origin)) {
                throw new IllegalArgumentException("widget embedder is not a plain origin: " + origin);
            }
        }
    }

    /** Settings for tests and the defaults: titled "Portico", standard endpoint paths, no embedders. */
    public static WebSettings defaults() {
        return new WebSettings("Portico", Optional.empty(), "/xmpp-websocket", "/http-bind", List.of());
    }

    private static void requirePath(String name, String path) {
        Objects.requireNonNull(path, name);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(name + " must start with '/': " + path);
        }
    }
}
