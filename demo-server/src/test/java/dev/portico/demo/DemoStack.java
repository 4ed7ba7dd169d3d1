package dev.portico.demo;

import java.net.URI;
import java.util.List;

import dev.portico.config.DemoConfig;
import dev.portico.config.HttpConfig;
import dev.portico.config.PorticoConfig;
import dev.portico.config.UpstreamConfig;
import dev.portico.server.DemoServerProvider.RunningDemo;
import dev.portico.server.Main;
import dev.portico.server.PorticoServer;

/**
 * The demo server started through its provider and a Portico in front of it, wired the way
 * {@code bin/portico} wires them ({@link Main#withDemoUpstream}), Portico on a free loopback port.
 */
final class DemoStack implements AutoCloseable {
    final RunningDemo demo;
    final PorticoServer portico;
    private final DemoConfig config;

    private DemoStack(RunningDemo demo, PorticoServer portico, DemoConfig config) {
        this.demo = demo;
        this.portico = portico;
        this.config = config;
    }

    static DemoStack start() throws Exception {
        return start(DemoConfig.DEFAULTS);
    }

    static DemoStack start(DemoConfig config) throws Exception {
        RunningDemo demo = new VysperDemoServerProvider().start(config);
        try {
            PorticoConfig d = PorticoConfig.DEFAULTS;
            PorticoConfig unconfigured = new PorticoConfig(new HttpConfig("127.0.0.1", 0, List.of(), List.of()),
                UpstreamConfig.DEFAULTS, d.websocket(), d.bosh(), d.limits(), d.web(), config);
            return new DemoStack(demo, new PorticoServer(Main.withDemoUpstream(unconfigured, demo)).start(), config);
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    String domain() {
        return demo.domain();
    }

    String password() {
        return config.password();
    }

    String webSocketUri() {
        return "ws://127.0.0.1:" + portico.port() + portico.config().websocket().path();
    }

    URI uri(String path) {
        return URI.create(portico.baseUrl() + path);
    }

    int httpPort() {
        return portico.port();
    }

    String boshPath() {
        return portico.config().bosh().path();
    }

    @Override
    public void close() throws Exception {
        try {
            portico.close();
        } finally {
            demo.close();
        }
    }
}
