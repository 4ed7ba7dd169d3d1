package dev.portico.config;

/**
 * Portico's whole configuration. Every instance is valid: each section checks its own values and this
 * record checks the rules that span sections.
 */
public record PorticoConfig(HttpConfig http, UpstreamConfig upstream, WebSocketConfig websocket, BoshConfig bosh,
        LimitsConfig limits, WebConfig web, DemoConfig demo, OpsConfig ops,
        MetricsConfig metrics) {

    /** Every default, in one place; {@code conf/portico.yaml} spells out the same values. */
    public static final PorticoConfig DEFAULTS = new PorticoConfig(HttpConfig.DEFAULTS, UpstreamConfig.DEFAULTS,
            WebSocketConfig.DEFAULTS, BoshConfig.DEFAULTS, LimitsConfig.DEFAULTS, WebConfig.DEFAULTS, DemoConfig.DEFAULTS,
            OpsConfig.DEFAULTS, MetricsConfig.DEFAULTS);

    /** A configuration with the default metrics access (loopback only). */
    public PorticoConfig(HttpConfig http, UpstreamConfig upstream, WebSocketConfig websocket, BoshConfig bosh,
            LimitsConfig limits, WebConfig web, DemoConfig demo, OpsConfig ops) {
        this(http, upstream, websocket, bosh, limits, web, demo, ops, MetricsConfig.DEFAULTS);
    }

    public PorticoConfig {
        Checks.required("http", http);
        Checks.required("upstream", upstream);
        Checks.required("websocket", websocket);
        Checks.required("bosh", bosh);
        Checks.required("limits", limits);
        Checks.required("web", web);
        Checks.required("demo", demo);
        Checks.required("logging", ops);
        Checks.required("metrics", metrics);
        if (upstream.domains().isEmpty() && !demo.enabled()) {
            throw new ConfigException("upstream.domains", "no upstream domain configured and the demo server is disabled;"
                    + " add --upstream DOMAIN=HOST:PORT or upstream.domains in the config file");
        }
        if (websocket.path().equals(bosh.path())) {
            throw new ConfigException("bosh.path",
                    "must differ from websocket.path (both are " + Checks.quote(bosh.path()) + ")");
        }
    }

    /** Without the operations section: its defaults (text logs, status page for loopback only). */
    public PorticoConfig(HttpConfig http, UpstreamConfig upstream, WebSocketConfig websocket, BoshConfig bosh,
            LimitsConfig limits, WebConfig web, DemoConfig demo) {
        this(http, upstream, websocket, bosh, limits, web, demo, OpsConfig.DEFAULTS);
    }

    /** Whether the embedded demo server must run: it is enabled and there is nothing else to serve. */
    public boolean runsDemoServer() {
        return demo.enabled() && upstream.domains().isEmpty();
    }
}
