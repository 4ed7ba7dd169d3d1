package dev.portico.server;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /healthz}: 200 once the server accepts connections (it only runs once started), 503 from the
 * moment a graceful stop begins, so a load balancer that still holds a connection to this node takes it
 * out of rotation.
 */
final class HealthHandler extends Handler.Abstract.NonBlocking {
    private final BooleanSupplier stopping;

    HealthHandler(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"/healthz".equals(Request.getPathInContext(request))) {
            return false;
        }
        boolean down = stopping.getAsBoolean();
        response.setStatus(down ? 503 : 200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, java.nio.ByteBuffer.wrap((down ? "stopping\n" : "ok\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
