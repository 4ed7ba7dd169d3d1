package dev.portico.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
        StringBuilder body = new StringBuilder(1024);
        body.append("# HELP portico_sessions_active Client sessions currently open, by transport.\n")
            .append("# TYPE portico_sessions_active gauge\n");
        Map<String, Long> byTransport = registry.sizeByTransport();
        for (String transport : List.of("websocket", "bosh")) {
            body.append("portico_sessions_active{transport=\"").append(transport).append("\"} ")
                .append(byTransport.getOrDefault(transport, 0L)).append('\n');
        }
        body.append("# HELP portico_sessions_opened_total Client sessions admitted since start.\n")
            .append("# TYPE portico_sessions_opened_total counter\n")
            .append("portico_sessions_opened_total ").append(registry.openedTotal()).append('\n')
            .append("# HELP portico_sessions_failed_total Client sessions that ended with a stream error.\n")
            .append("# TYPE portico_sessions_failed_total counter\n")
            .append("portico_sessions_failed_total ").append(registry.failedTotal()).append('\n')
            .append("# HELP portico_stream_errors_total Stream errors that ended sessions, by RFC 6120 condition.\n")
            .append("# TYPE portico_stream_errors_total counter\n");
        registry.errorCounts().forEach((condition, count) -> body.append("portico_stream_errors_total{condition=\"")
            .append(condition.wireName()).append("\"} ").append(count).append('\n'));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
