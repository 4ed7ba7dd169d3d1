package dev.portico.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One way from the clients to Prosody (direct TCP, Prosody's WebSocket or BOSH, Portico's WebSocket or
 * BOSH) with its logged-in sessions, and everything measured over it. Closing it closes the sessions
 * and the client.
 */
final class Route implements AutoCloseable {
    private final Endpoint endpoint;
    private final boolean viaPortico;
    private final List<XmppLink> links;
    private final double loginSeconds;
    private final List<RateWindow> windows = new ArrayList<>();
    private final List<PingPong.Outcome> throughput = new ArrayList<>();
    private int brokenAtClose = -1;

    private Route(Endpoint endpoint, boolean viaPortico, List<XmppLink> links, double loginSeconds) {
        this.endpoint = endpoint;
        this.viaPortico = viaPortico;
        this.links = links;
        this.loginSeconds = loginSeconds;
    }

    /** Logs {@code users} in through {@code endpoint}, each with {@code resource}. */
    static Route open(Endpoint endpoint, boolean viaPortico, List<String> users, String domain, String password,
                      String resource, int parallel) throws Exception {
        long t = System.nanoTime();
        try {
            List<XmppLink> links = Logins.loginAll(endpoint, users, domain, password, resource, parallel);
            return new Route(endpoint, viaPortico, links, (System.nanoTime() - t) / 1e9);
        } catch (Exception e) {
            endpoint.close();
            throw e;
        }
    }

    String name() {
        return endpoint.name();
    }

    boolean viaPortico() {
        return viaPortico;
    }

    /** The logged-in sessions; links 2i and 2i+1 form pair i. */
    List<XmppLink> links() {
        return links;
    }

    double loginSeconds() {
        return loginSeconds;
    }

    /** Sessions that ended without our asking, so far (until closed). */
    int broken() {
        if (brokenAtClose >= 0) {
            return brokenAtClose;
        }
        return (int) links.stream().filter(XmppLink::broken).count();
    }

    /** Why the first broken session broke, or null. */
    String firstBreak() {
        return links.stream().filter(XmppLink::broken).map(XmppLink::brokenReason).findFirst().orElse(null);
    }

    /** The fixed-rate windows measured over this route. */
    List<RateWindow> windows() {
        return windows;
    }

    /** The saturation runs, one per round. */
    List<PingPong.Outcome> throughput() {
        return throughput;
    }

    /** Closes the sessions (once; the broken count is frozen first) and the client. */
    @Override
    public void close() throws Exception {
        if (brokenAtClose < 0) {
            brokenAtClose = broken();
            Logins.closeAll(links);
            endpoint.close();
        }
    }
}
