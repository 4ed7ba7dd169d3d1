package dev.portico.server;

import java.nio.file.Path;
import java.util.List;

import dev.portico.config.DemoConfig;

/**
 * Service-provider interface for the embedded demo XMPP server. The implementation lives in the separate
 * {@code demo-server} module so production deployments need not carry it on their classpath; Main finds it
 * with {@link java.util.ServiceLoader} when no upstream domain is configured.
 */
public interface DemoServerProvider {
    /** Starts an in-memory XMPP server bound to loopback only. */
    RunningDemo start(DemoConfig config) throws Exception;

    /** A started demo server. */
    interface RunningDemo extends AutoCloseable {
        /** The XMPP domain it serves. */
        String domain();

        /** Its c2s host (always a loopback address). */
        String host();

        /** Its c2s port. */
        int port();

        /** The PEM certificate Portico's upstream connector must trust (the server's self-signed one). */
        Path certificatePem();

        /** The demo account names (they share the configured password). */
        List<String> users();
    }
}
