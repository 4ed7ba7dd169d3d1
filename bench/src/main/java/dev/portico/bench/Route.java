package dev.portico.bench;

import java.util.ArrayList;
import java.util.List;

import dev.portico.testing.PorticoTestServer;

/**
 * One way from the clients to Prosody (direct TCP, Prosody's WebSocket, Portico…) with its logged-in
 * sessions, and everything measured over it across the rounds. Closing it closes the sessions, then the
 * Portico in between (if any) and the client.
 */
public final class Route implements AutoCloseable {
    private final Endpoint endpoint;
    private final PorticoTestServer portico;
    private final List<XmppLink> links;
    private final double loginSeconds;
    private final List<PingPong.Outcome> single = new ArrayList<>();
    private final List<PingPong.Outcome> pairs = new ArrayList<>();
    private final List<PingPong.Outcome> throughput = new ArrayList<>();

    private Route(Endpoint endpoint, PorticoTestServer portico, List<XmppLink> links, double loginSeconds) {
        this.endpoint = endpoint;
        this.portico = portico;
        this.links = links;
        this.loginSeconds = loginSeconds;
    }

    /**
     * Logs {@code users} in through {@code endpoint}, each with {@code resource}.
     *
     * @param portico the Portico behind the endpoint, or null; closed with the route
     */
    public static Route open(Endpoint endpoint, PorticoTestServer portico, List<String> users, String domain,
                             String password, String resource, int parallel) throws Exception {
        long t = System.nanoTime();
        try {
            List<XmppLink> links = Logins.loginAll(endpoint, users, domain, password, resource, parallel);
            return new Route(endpoint, portico, links, (System.nanoTime() - t) / 1e9);
        } catch (Exception e) {
            endpoint.close();
            if (portico != null) {
                portico.close();
            }
            throw e;
        }
    }

    /** The row label. */
    public String name() {
        return endpoint.name();
    }

    /** The logged-in sessions; links 2i and 2i+1 form pair i. */
    public List<XmppLink> links() {
        return links;
    }

    /** Whether the route goes through a Portico. */
    public boolean viaPortico() {
        return portico != null;
    }

    /** Seconds it took to log every session in. */
    public double loginSeconds() {
        return loginSeconds;
    }

    /** Single-pair latency runs, one per round. */
    public List<PingPong.Outcome> single() {
        return single;
    }

    /** Many-pair latency runs, one per round. */
    public List<PingPong.Outcome> pairs() {
        return pairs;
    }

    /** Throughput runs, one per round. */
    public List<PingPong.Outcome> throughput() {
        return throughput;
    }

    @Override
    public void close() throws Exception {
        Logins.closeAll(links);
        try {
            if (portico != null) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (portico.server().sessions().size() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                portico.close();
            }
        } finally {
            endpoint.close();
        }
    }
}
