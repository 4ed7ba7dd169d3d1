package dev.portico.server;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import dev.portico.config.CliOptions;
import dev.portico.config.ConfigException;
import dev.portico.config.PorticoConfig;
import dev.portico.config.UpstreamConfig;
import dev.portico.config.UpstreamDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code bin/portico}. Exit codes: 0 after a clean shutdown, 2 for bad flags or
 * configuration (one line naming the key and the problem), 1 when the server cannot start.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the server until it is stopped; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (CliOptions.isHelpRequest(args)) {
            out.println(CliOptions.usage());
            return 0;
        }
        PorticoConfig config;
        try {
            config = CliOptions.resolve(args);
        } catch (ConfigException e) {
            err.println("portico: config error: " + e.getMessage());
            return 2;
        }
        DemoServerProvider.RunningDemo demo = null;
        try {
            if (config.runsDemoServer()) {
                Optional<DemoServerProvider> provider = ServiceLoader.load(DemoServerProvider.class).findFirst();
                if (provider.isEmpty()) {
                    err.println("portico: config error: upstream.domains: no upstream XMPP server configured;"
                        + " point Portico at one with --upstream DOMAIN=HOST:PORT (e.g. --upstream example.com=xmpp.example.com:5222)"
                        + " or set upstream.domains in conf/portico.yaml");
                    return 2;
                }
                demo = provider.get().start(config.demo());
                config = withDemoUpstream(config, demo);
                LOG.warn("DEMO MODE: no upstream XMPP server is configured, so Portico started its embedded demo XMPP server"
                    + " for domain '{}' on {}:{} (loopback only, in memory: all state is lost on restart; not for production)",
                    demo.domain(), demo.host(), demo.port());
                LOG.warn("DEMO MODE: log in as {} with password '{}' (users: {})",
                    demo.users().get(0) + "@" + demo.domain(), config.demo().password(), String.join(", ", demo.users()));
            }
            PorticoServer server = new PorticoServer(config).start();
            // SIGTERM: end sessions with system-shutdown and close upstream streams before Jetty stops.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    LOG.warn("shutdown: {}", e.toString());
                }
            }, "portico-shutdown"));
            out.println("Portico listening on " + server.baseUrl());
            out.flush();
            if (demo != null) {
                out.println("Open " + server.baseUrl() + "/ and log in as " + demo.users().get(0) + " / "
                    + config.demo().password() + " (and " + demo.users().get(1) + " / " + config.demo().password()
                    + " in a second window)");
                out.flush();
            }
            server.join();
            return 0;
        } catch (Exception e) {
            err.println("portico: cannot start: " + e.getMessage());
            LOG.debug("start-up failure", e);
            return 1;
        } finally {
            if (demo != null) {
                try {
                    demo.close();
                } catch (Exception ignored) {
                    // shutting down anyway
                }
            }
        }
    }

    /**
     * {@code config} with its upstream pointed at a started demo server: the demo's domain served at its
     * loopback host and port, trusting exactly the demo's certificate. Public for the demo-server module's
     * tests, which wire Portico to the demo the way {@code bin/portico} does.
     */
    public static PorticoConfig withDemoUpstream(PorticoConfig config, DemoServerProvider.RunningDemo demo) {
        UpstreamConfig u = config.upstream();
        UpstreamDomain domain = new UpstreamDomain(demo.domain(), Optional.of(demo.host()), demo.port());
        UpstreamConfig upstream = new UpstreamConfig(Map.of(demo.domain(), domain), u.tls(),
            Optional.of(demo.certificatePem()), Optional.empty(), u.connectTimeout(), u.closeGrace(), u.maxElementSize(), u.keepAlive());
        return new PorticoConfig(config.http(), upstream, config.websocket(), config.bosh(), config.limits(),
            config.web(), config.demo(), config.ops(), config.metrics());
    }
}
