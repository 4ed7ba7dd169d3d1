package dev.portico.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.portico.metrics.PorticoMetrics;
import dev.portico.metrics.StatusSamples;
import dev.portico.metrics.UpstreamHealth;
import dev.portico.session.ClientSession;
import dev.portico.session.SessionRegistry;
import dev.portico.transport.ClientAddresses;
import dev.portico.transport.bosh.BoshStats;
import dev.portico.web.StatusPage;
import dev.portico.web.StatusView;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /status}: the operator's page. Shown only to a client on loopback (judged like {@code /metrics}:
 * a forwarded request from a proxy not in {@code http.trusted-proxies} is refused, since a proxy on the same
 * host would make every browser look local), or to a request carrying {@code admin.token}; everyone else
 * gets 404, so the page's existence is not advertised.
 */
final class StatusHandler extends Handler.Abstract.NonBlocking {
    private final String title;
    private final List<String> domains;
    private final Optional<byte[]> token;
    private final SessionRegistry sessions;
    private final PorticoMetrics metrics;
    private final Supplier<BoshStats> bosh;
    private final UpstreamHealth health;
    private final StatusSamples samples;
    private final StatusPage page = new StatusPage();
    private final MetricsAccess loopback;

    /**
     * @param clients who the client is (the peer, or the address a trusted proxy names): the page opens
     *                without a token only when that is loopback, the rule {@code /metrics} uses by default
     */
    StatusHandler(String title, List<String> domains, Optional<String> token, ClientAddresses clients,
                  SessionRegistry sessions, PorticoMetrics metrics, Supplier<BoshStats> bosh, UpstreamHealth health,
                  StatusSamples samples) {
        this.loopback = new MetricsAccess(List.of("127.0.0.0/8", "::1"), clients);
        this.title = title;
        this.domains = domains.stream().sorted().toList();
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.sessions = sessions;
        this.metrics = metrics;
        this.bosh = bosh;
        this.health = health;
        this.samples = samples;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/status".equals(Request.getPathInContext(request))) {
            return false;
        }
        if (!allowed(request)) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return true;
        }
        byte[] html = page.render(view()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        page.headers(response.getHeaders());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.write(true, ByteBuffer.wrap(html), callback);
        return true;
    }

    private boolean allowed(Request request) {
        if (token.isPresent()) {
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            String given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim()
                : Request.extractQueryParameters(request, StandardCharsets.UTF_8).getValue("token");
            if (given != null && MessageDigest.isEqual(token.get(), given.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return loopback.allows(request);
    }

    private StatusView view() {
        long now = System.currentTimeMillis();
        long ws = 0;
        long boshSessions = 0;
        List<ClientSession> live = sessions.snapshot().stream()
            .sorted(Comparator.comparingLong(ClientSession::startedMillis)).toList();
        List<StatusView.SessionRow> rows = new java.util.ArrayList<>(live.size());
        for (ClientSession s : live) {
            if ("bosh".equals(s.transport())) {
                boshSessions++;
            } else {
                ws++;
            }
            rows.add(new StatusView.SessionRow(s.transport(), s.boundJid() == null ? "-" : s.boundJid(),
                s.clientAddress(), age(TimeUnit.NANOSECONDS.toMillis(s.ageNanos())), s.traffic().bytesToServer(),
                s.traffic().bytesToClient(), s.queuedUpstreamBytes() + s.queuedDownstreamBytes()));
        }
        List<StatusView.UpstreamRow> upstreams = domains.stream().map(d -> {
            UpstreamHealth.Domain h = health.of(d);
            if (h == null) {
                return new StatusView.UpstreamRow(d, "unknown", "-", "-");
            }
            return new StatusView.UpstreamRow(d, h.healthy() ? "ok" : "failing",
                h.lastError() == null ? "-" : h.lastError(),
                h.lastErrorMillis() == 0 ? "-" : age(now - h.lastErrorMillis()) + " ago");
        }).toList();
        List<StatusView.Sample> history = new java.util.ArrayList<>(samples.history());
        history.add(samples.current(now));
        return new StatusView(title, ws, boshSessions, sessions.openedTotal(), bosh.get().heldRequests(),
            metrics.stanzasTotal(), rows, upstreams, history);
    }

    /** A short human age: 42s, 7m 5s, 3h 12m. */
    static String age(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }
}
