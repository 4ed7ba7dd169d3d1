package dev.portico.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * What a test's {@link ChatClient}s share: one HTTP client for BOSH (no cookie store: each client keeps its
 * own cookie, like a browser), one WebSocket client, one timer for reconnects.
 */
final class ClientStack implements AutoCloseable {
    final HttpClient http = new HttpClient();
    final WebSocketClient webSockets = new WebSocketClient();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    ClientStack(int maxConnections) throws Exception {
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setMaxConnectionsPerDestination(maxConnections);
        // Browsers have no idle timeout of their own; Jetty's clients do (30 s), shorter than a held BOSH
        // request or the gap between Portico's pings. What ends an idle connection must be the proxy or Portico.
        http.setIdleTimeout(300_000);
        http.start();
        webSockets.setIdleTimeout(Duration.ofMinutes(5));
        webSockets.start();
    }

    /** A client of {@code user} chatting with {@code partner} over WebSocket at {@code uri}. */
    ChatClient webSocket(String user, String password, String partner, URI uri, Deliveries deliveries) {
        return new ChatClient(user, "localhost", password, partner,
            events -> new WebSocketTransport(webSockets, uri, "localhost", events), timer, deliveries);
    }

    /** A client of {@code user} chatting with {@code partner} over BOSH at {@code url}, asking for {@code wait}. */
    ChatClient bosh(String user, String password, String partner, String url, int wait, Deliveries deliveries) {
        AtomicReference<String> cookieJar = new AtomicReference<>();
        return bosh(user, password, partner, url, wait, cookieJar, deliveries);
    }

    /** As above, with the cookie jar given (to look into it). */
    ChatClient bosh(String user, String password, String partner, String url, int wait, AtomicReference<String> cookieJar,
                    Deliveries deliveries) {
        return new ChatClient(user, "localhost", password, partner,
            events -> new BoshTransport(http, url, "localhost", cookieJar, wait, events), timer, deliveries);
    }

    @Override
    public void close() throws Exception {
        timer.shutdownNow();
        webSockets.stop();
        http.stop();
    }
}
