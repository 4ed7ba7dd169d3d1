package dev.portico.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a parsed YAML tree into a {@link PorticoConfig}. Absent keys take the records' {@code DEFAULTS};
 * the records then validate the values.
 */
final class ConfigMapper {
    /** Every section by dotted key with the keys it may hold; also how tests know the full key set. */
    static final Map<String, List<String>> SECTIONS = sections();
    /** The keys of one entry of {@code upstream.domains}. */
    static final List<String> DOMAIN_KEYS = List.of("host", "port", "proxy-protocol");

    private ConfigMapper() {
    }

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("", List.of("http", "upstream", "websocket", "bosh", "limits", "web", "demo", "logging", "admin",
                "metrics"));
        sections.put("http", List.of("bind", "port", "allowed-origins", "trusted-proxies", "public-url"));
        sections.put("upstream", List.of("domains", "tls", "trust-store", "trust-store-password", "connect-timeout",
                "close-grace", "max-element-size", "keepalive", "allow-plaintext", "allow-private-dns"));
        sections.put("websocket", List.of("path", "ping-interval", "max-frame-size"));
        sections.put("bosh", List.of("path", "max-wait", "max-hold", "inactivity", "max-pause", "polling", "max-requests"));
        sections.put("limits", List.of("max-stanza-size", "max-sessions", "max-sessions-per-ip",
                "new-sessions-per-ip-per-minute", "max-queued-bytes", "max-connections-per-ip", "open-timeout",
                "auth-failures-per-ip-per-hour"));
        sections.put("web", List.of("title", "default-domain", "widget"));
        sections.put("web.widget", List.of("allowed-embedders"));
        sections.put("demo", List.of("enabled", "domain", "password"));
        sections.put("logging", List.of("format"));
        sections.put("admin", List.of("token"));
        sections.put("metrics", List.of("allow-from"));
        return Map.copyOf(sections);
    }

    /**
     * @param document the YAML document; null (an empty file) means all defaults
     * @param source   the file or label the document came from, used when the document is not a mapping
     * @param baseDir  directory relative file names in the document are resolved against
     */
    static PorticoConfig map(Object document, String source, Path baseDir) {
        if (document != null && !(document instanceof Map)) {
            throw new ConfigException(source,
                    "expected sections such as http: and upstream: at the top level (got " + Checks.quote(document) + ")");
        }
        YamlSection root = new YamlSection("", document, SECTIONS.get(""));
        return new PorticoConfig(http(section(root, "http")), upstream(section(root, "upstream"), baseDir),
                websocket(section(root, "websocket")), bosh(section(root, "bosh")), limits(section(root, "limits")),
                web(section(root, "web")), demo(section(root, "demo")), ops(section(root, "logging"), section(root, "admin")),
                metrics(section(root, "metrics")));
    }

    private static YamlSection section(YamlSection parent, String name) {
        return parent.section(name, SECTIONS.get(parent.child(name)));
    }

    private static HttpConfig http(YamlSection s) {
        HttpConfig d = HttpConfig.DEFAULTS;
        return new HttpConfig(s.string("bind", d.bind()), s.integer("port", d.port()),
                s.strings("allowed-origins", d.allowedOrigins()), s.strings("trusted-proxies", d.trustedProxies()),
                s.optionalString("public-url").or(d::publicUrl));
    }

    private static UpstreamConfig upstream(YamlSection s, Path baseDir) {
        UpstreamConfig d = UpstreamConfig.DEFAULTS;
        TlsPolicy tls = s.optionalString("tls").map(v -> TlsPolicy.parse(s.child("tls"), v)).orElse(d.tls());
        Optional<Path> trustStore = s.optionalString("trust-store").map(v -> resolve(s.child("trust-store"), baseDir, v));
        Optional<String> password = s.optionalString("trust-store-password").or(d::trustStorePassword);
        return new UpstreamConfig(domains(s.section("domains", null)), tls, trustStore.or(d::trustStore), password,
                s.duration("connect-timeout", d.connectTimeout()), s.duration("close-grace", d.closeGrace()),
                s.size("max-element-size", d.maxElementSize()), s.duration("keepalive", d.keepAlive()),
                s.bool("allow-plaintext", d.allowPlaintext()), s.bool("allow-private-dns", d.allowPrivateDns()));
    }

    private static Map<String, UpstreamDomain> domains(YamlSection s) {
        Map<String, UpstreamDomain> domains = new LinkedHashMap<>();
        s.entries().forEach((written, value) -> {
            String name = NetworkNames.domainName("upstream.domains", written);
            if (domains.containsKey(name)) {
                throw new ConfigException("upstream.domains", "lists " + Checks.quote(name) + " more than once");
            }
            YamlSection entry = new YamlSection(s.child(name), value, DOMAIN_KEYS);
            domains.put(name, new UpstreamDomain(name, entry.optionalString("host"),
                    entry.integer("port", UpstreamDomain.DEFAULT_PORT), entry.bool("proxy-protocol", false)));
        });
        return domains;
    }

    // Relative to the config file, so the file works whatever directory Portico is started from.
    private static Path resolve(String key, Path baseDir, String file) {
        try {
            return baseDir.resolve(file).normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(key, "is not a valid file name (got " + Checks.quote(file) + ")");
        }
    }

    private static WebSocketConfig websocket(YamlSection s) {
        WebSocketConfig d = WebSocketConfig.DEFAULTS;
        return new WebSocketConfig(s.string("path", d.path()), s.duration("ping-interval", d.pingInterval()),
                s.size("max-frame-size", d.maxFrameSize()));
    }

    private static BoshConfig bosh(YamlSection s) {
        BoshConfig d = BoshConfig.DEFAULTS;
        Duration maxWait = s.duration("max-wait", Duration.ofSeconds(d.maxWait()));
        Checks.wholeSeconds(s.child("max-wait"), maxWait);
        return new BoshConfig(s.string("path", d.path()), (int) maxWait.toSeconds(), s.integer("max-hold", d.maxHold()),
                s.duration("inactivity", d.inactivity()), s.duration("max-pause", d.maxPause()),
                s.duration("polling", d.polling()), s.integer("max-requests", d.maxRequests()));
    }

    private static LimitsConfig limits(YamlSection s) {
        LimitsConfig d = LimitsConfig.DEFAULTS;
        return new LimitsConfig(s.size("max-stanza-size", d.maxStanzaSize()), s.integer("max-sessions", d.maxSessions()),
                s.integer("max-sessions-per-ip", d.maxSessionsPerIp()),
                s.integer("new-sessions-per-ip-per-minute", d.newSessionsPerIpPerMinute()),
                s.size("max-queued-bytes", d.maxQueuedBytes()), s.integer("max-connections-per-ip", d.maxConnectionsPerIp()),
                s.duration("open-timeout", d.openTimeout()),
                s.integer("auth-failures-per-ip-per-hour", d.authFailuresPerIpPerHour()));
    }

    private static MetricsConfig metrics(YamlSection s) {
        return new MetricsConfig(s.strings("allow-from", MetricsConfig.DEFAULTS.allowFrom()));
    }

    private static WebConfig web(YamlSection s) {
        WebConfig d = WebConfig.DEFAULTS;
        YamlSection widget = section(s, "widget");
        return new WebConfig(s.string("title", d.title()), s.optionalString("default-domain").or(d::defaultDomain),
                widget.strings("allowed-embedders", d.widgetAllowedEmbedders()));
    }

    private static OpsConfig ops(YamlSection logging, YamlSection admin) {
        OpsConfig d = OpsConfig.DEFAULTS;
        return new OpsConfig(logging.string("format", d.logFormat()), admin.optionalString("token").or(d::adminToken));
    }

    private static DemoConfig demo(YamlSection s) {
        DemoConfig d = DemoConfig.DEFAULTS;
        return new DemoConfig(s.bool("enabled", d.enabled()), s.string("domain", d.domain()),
                s.string("password", d.password()));
    }
}
