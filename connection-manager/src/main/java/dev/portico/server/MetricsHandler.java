package dev.portico.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.portico.session.SessionRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /metrics}: session counters in the Prometheus text exposition format. */
final class MetricsHandler extends Handler.Abstract.NonBlocking {
    private final SessionRegistry registry;

    MetricsHandler(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/metrics".equals(Request.getPathInContext(request))) {
            return false;
        }
        String body = """
            # HELP portico_sessions_active Client sessions currently open (all transports).
            # TYPE portico_sessions_active gauge
            portico_sessions_active %d
            # HELP portico_sessions_opened_total Client sessions admitted since start.
            # TYPE portico_sessions_opened_total counter
            portico_sessions_opened_total %d
            # HELP portico_sessions_failed_total Client sessions that ended with a stream error.
            # TYPE portico_sessions_failed_total counter
            portico_sessions_failed_total %d
            """.formatted(registry.size(), registry.openedTotal(), registry.failedTotal());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
