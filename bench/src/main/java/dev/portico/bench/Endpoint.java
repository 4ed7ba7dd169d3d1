package dev.portico.bench;

import java.net.URI;
import java.time.Duration;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Where a benchmark client connects: a name for the report and a way to open one unauthenticated
 * {@link XmppLink}. Closing it releases the client-side resources (the shared WebSocket client).
 */
public interface Endpoint extends AutoCloseable {

    /** The row label in the report. */
    String name();

    /** Opens one connection, not yet logged in. */
    XmppLink open() throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** A direct c2s TCP connection to {@code 127.0.0.1:port}. */
    static Endpoint tcp(String name, int port) {
        return new Endpoint() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XmppLink open() throws Exception {
                return TcpLink.connect("127.0.0.1", port);
            }
        };
    }

    /** RFC 7395 WebSocket connections to {@code uri}, sharing one Jetty client and its small thread pool. */
    static Endpoint webSocket(String name, URI uri) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("bench-ws-client");
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(100_000);
        http.setMaxRequestsQueuedPerDestination(100_000);
        WebSocketClient client = new WebSocketClient(http);
        // Prosody's WebSocket does not ping; idle benchmark sessions must outlive the whole run.
        client.setIdleTimeout(Duration.ofHours(12));
        http.start();
        client.start();
        return new Endpoint() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XmppLink open() throws Exception {
                return WsLink.connect(client, uri);
            }

            @Override
            public void close() throws Exception {
                client.stop();
                http.stop();
            }
        };
    }

    /**
     * XEP-0124/0206 sessions at {@code uri} ({@link BoshLink}), sharing one asynchronous Jetty client with a
     * small thread pool and as many connections as the sessions need (each holds one request).
     *
     * @param wait the BOSH {@code wait} asked for, in seconds
     */
    static Endpoint bosh(String name, URI uri, int wait) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("bench-bosh-client");
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(100_000);
        http.setMaxRequestsQueuedPerDestination(100_000);
        // Close kept-alive connections before a server would (Jetty's default is 30 s), so that a request is
        // rarely sent on a connection the server is closing; held requests set their own idle timeout.
        http.setIdleTimeout(15_000);
        http.setConnectTimeout(30_000);
        http.start();
        return new Endpoint() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public XmppLink open() {
                return BoshLink.create(http, uri, wait);
            }

            @Override
            public void close() throws Exception {
                http.stop();
            }
        };
    }
}
