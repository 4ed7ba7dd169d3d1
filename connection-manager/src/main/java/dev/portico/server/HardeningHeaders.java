package dev.portico.server;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Puts {@code X-Content-Type-Options: nosniff} and a Content-Security-Policy that allows nothing on every
 * response before any handler runs, so BOSH answers, discovery, health, metrics and every error page
 * (Jetty's included) can never be sniffed or rendered into something that runs script. The web chat's
 * pages replace the policy with their own (a header {@code put} replaces); nothing else has to remember.
 */
final class HardeningHeaders extends Handler.Wrapper {
    static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", "nosniff");
    static final HttpField NOTHING_ALLOWED =
        new HttpField("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");

    HardeningHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put(NOSNIFF);
        response.getHeaders().put(NOTHING_ALLOWED);
        return super.handle(request, response, callback);
    }
}
