package dev.portico.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Somebody else's web site on another loopback port: one page that includes Portico's widget with a
 * script tag, as the README tells site owners to do.
 */
final class HostSite implements AutoCloseable {
    private final HttpServer server;

    private HostSite(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves {@code /} with the widget of {@code porticoBaseUrl} and the given {@code data-*} attributes
     * (already formatted, e.g. {@code data-domain="localhost"}), on {@code port} (0 for any free one).
     */
    static HostSite start(String porticoBaseUrl, String dataAttributes, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        String html = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Example Shop</title></head>
            <body style="font-family: sans-serif; margin: 0; background: #fafaf7; color: #222">
              <header style="padding: 18px 32px; background: #1f2937; color: #fff"><strong>Example Shop</strong></header>
              <main style="padding: 32px; max-width: 720px">
                <h1 id="host-heading">Handmade teapots</h1>
                <p>Questions about an order? Chat with our support team — the button is at the bottom right.</p>
              </main>
              <script src="%s/widget.js" %s async></script>
            </body>
            </html>
            """.formatted(porticoBaseUrl, dataAttributes);
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new HostSite(server);
    }

    /** The port the site listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** The page's address with {@code host} as the host name (localhost and 127.0.0.1 are different sites). */
    String url(String host) {
        return "http://" + host + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
