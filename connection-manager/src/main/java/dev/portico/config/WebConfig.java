package dev.portico.config;

import java.util.List;
import java.util.Optional;

/**
 * The web chat and the embeddable widget.
 *
 * @param title                   page title and heading
 * @param defaultDomain           domain pre-filled on the login page
 * @param widgetAllowedEmbedders  origins allowed to frame the widget (CSP {@code frame-ancestors});
 *                                empty means nobody but Portico itself
 */
public record WebConfig(String title, Optional<String> defaultDomain, List<String> widgetAllowedEmbedders) {
    /** The defaults: titled "Portico", no default domain, no outside embedders. */
    public static final WebConfig DEFAULTS = new WebConfig("Portico", Optional.empty(), List.of());

    public WebConfig {
        Checks.nonBlank("web.title", title);
        defaultDomain = Checks.required("web.default-domain", defaultDomain)
                .map(domain -> NetworkNames.domainName("web.default-domain", domain));
        widgetAllowedEmbedders = Checks.each("web.widget.allowed-embedders", widgetAllowedEmbedders, NetworkNames::origin);
    }
}
