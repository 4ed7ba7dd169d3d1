package dev.portico.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: Portico's meters ({@code metrics.PorticoMetrics}) in the Prometheus text format,
 * for the clients {@link MetricsAccess} allows; for anyone else the path does not exist (404).
 */
final class MetricsHandler extends Handler.Abstract.NonBlocking {
    private final Supplier<String> exposition;
    private final MetricsAccess access;

    MetricsHandler(Supplier<String> exposition, MetricsAccess access) {
        this.exposition = exposition;
        this.access = access;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/metrics".equals(Request.getPathInContext(request)) || !access.allows(request)) {
            return false;
        }
        String body = exposition.get();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
