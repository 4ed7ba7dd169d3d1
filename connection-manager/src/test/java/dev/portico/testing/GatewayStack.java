package dev.portico.testing;

import java.util.function.UnaryOperator;

/**
 * A test XMPP server of one {@link XmppServerKind} with a {@link PorticoTestServer} in front of it: what a
 * gateway test class parameterized over the servers starts once per server and closes afterwards.
 *
 * @param server the XMPP server
 * @param portico Portico, configured for the server's domain, c2s port and certificate
 */
public record GatewayStack(XmppTestServer server, PorticoTestServer portico) implements AutoCloseable {

    /** Starts {@code kind} with {@code setup}, then Portico in front of it with the builder's defaults. */
    public static GatewayStack start(XmppServerKind kind, XmppServerSetup setup) throws Exception {
        return start(kind, setup, UnaryOperator.identity());
    }

    /**
     * Starts {@code kind} with {@code setup}, then Portico in front of it.
     *
     * @param options changes to Portico's test configuration, e.g. {@code b -> b.maxStanzaSize(4096)}
     */
    public static GatewayStack start(XmppServerKind kind, XmppServerSetup setup,
            UnaryOperator<PorticoTestServer.Builder> options) throws Exception {
        XmppTestServer server = kind.start(setup);
        try {
            return new GatewayStack(server, options.apply(PorticoTestServer.inFrontOf(server)).start());
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** Closes Portico, then the server (null-safe on both, for a half-started stack). */
    @Override
    public void close() throws Exception {
        try {
            if (portico != null) {
                portico.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
