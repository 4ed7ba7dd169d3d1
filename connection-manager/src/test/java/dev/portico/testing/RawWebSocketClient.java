package dev.portico.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A real RFC 7395 client speaking raw frames through Jetty's WebSocket client: for tests that must see
 * exactly what Portico sends (framing, stream errors) or send what no library would (bad input).
 */
public final class RawWebSocketClient implements AutoCloseable {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final WebSocketClient client;
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private final BlockingQueue<java.nio.ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private Session session;

    private RawWebSocketClient(WebSocketClient client) {
        this.client = client;
    }

    /** Connects with subprotocol {@code xmpp}; {@code origin} may be null (no Origin header). */
    public static RawWebSocketClient connect(URI uri, String origin) throws Exception {
        return connect(uri, origin, "xmpp");
    }

    /** Connects offering the given subprotocol (null: none). Fails if the upgrade is refused. */
    public static RawWebSocketClient connect(URI uri, String origin, String subprotocol) throws Exception {
        return connect(uri, origin, subprotocol, java.util.Map.of());
    }

    /** Connects with extra request headers (e.g. what a reverse proxy adds). */
    public static RawWebSocketClient connect(URI uri, String origin, String subprotocol,
                                             java.util.Map<String, String> headers) throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.start();
        RawWebSocketClient raw = new RawWebSocketClient(client);
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        if (subprotocol != null) {
            request.setSubProtocols(subprotocol);
        }
        if (origin != null) {
            request.setHeader("Origin", origin);
        }
        headers.forEach(request::setHeader);
        try {
            raw.session = client.connect(raw.new Listener(), request).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.stop();
            throw e;
        }
        return raw;
    }

    /** Sends one text frame. */
    public void send(String frame) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(frame, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(10, TimeUnit.SECONDS);
    }

    /** Sends one text message as several frames, split at the given byte offsets of its UTF-8 form. */
    public void sendFragmented(String message, int... splits) throws Exception {
        byte[] utf8 = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i <= splits.length; i++) {
            int to = i < splits.length ? splits[i] : utf8.length;
            org.eclipse.jetty.websocket.core.Frame frame = new org.eclipse.jetty.websocket.core.Frame(
                i == 0 ? org.eclipse.jetty.websocket.core.OpCode.TEXT : org.eclipse.jetty.websocket.core.OpCode.CONTINUATION,
                i == splits.length, java.nio.ByteBuffer.wrap(utf8, from, to - from));
            org.eclipse.jetty.util.FutureCallback sent = new org.eclipse.jetty.util.FutureCallback();
            ((org.eclipse.jetty.websocket.common.WebSocketSession) session).getCoreSession().sendFrame(frame, sent, false);
            sent.get(10, TimeUnit.SECONDS);
            from = to;
        }
    }

    /** Sends one binary frame. */
    public void sendBinary(byte[] payload) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendBinary(java.nio.ByteBuffer.wrap(payload), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(10, TimeUnit.SECONDS);
    }

    /** Sends a ping frame with this payload; the answer arrives in {@link #nextPong}. */
    public void sendPing(byte[] payload) throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendPing(java.nio.ByteBuffer.wrap(payload), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(10, TimeUnit.SECONDS);
    }

    /** The payload of the next pong received, or null after {@code wait}. */
    public byte[] nextPong(Duration wait) throws InterruptedException {
        java.nio.ByteBuffer pong = pongs.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        return pong == null ? null : org.eclipse.jetty.util.BufferUtil.toArray(pong);
    }

    /** Sends an unsolicited pong frame (allowed by RFC 6455 as a unidirectional heartbeat). */
    public void sendPong() throws Exception {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendPong(java.nio.ByteBuffer.allocate(0), Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        sent.get(10, TimeUnit.SECONDS);
    }

    /** The next text frame, failing the test if none arrives in time. */
    public String next() throws InterruptedException {
        return next(DEFAULT_WAIT);
    }

    /** The next text frame, failing if none arrives within {@code wait}. */
    public String next(Duration wait) throws InterruptedException {
        String frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + wait + (closed.isDone() ? " (socket closed)" : ""));
        }
        return frame;
    }

    /** The next text frame, or null if none arrives within {@code wait}. */
    public String poll(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame containing {@code marker}, skipping others (e.g. presence noise). */
    public String nextContaining(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no frame containing " + marker);
            }
            String frame = frames.poll(left, TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no frame containing " + marker + (closed.isDone() ? " (socket closed)" : ""));
            }
            if (frame.contains(marker)) {
                return frame;
            }
        }
    }

    /** The WebSocket close status code, waiting up to {@code wait}. */
    public int awaitClose(Duration wait) throws Exception {
        return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many WebSocket pings the server sent so far. */
    public int pingsReceived() {
        return pings.get();
    }

    /** Whether the WebSocket is closed. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /**
     * Opens a stream and authenticates with SASL PLAIN, restarts the stream and binds a resource.
     * Returns the bound full JID.
     */
    public String login(String domain, String user, String password) throws Exception {
        authenticate(domain, user, password);
        send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<resource>raw</resource></bind></iq>");
        String bound = nextContaining("bind1");
        int start = bound.indexOf("<jid>") + 5;
        return bound.substring(start, bound.indexOf("</jid>"));
    }

    /**
     * Opens a stream, authenticates with SASL PLAIN and restarts the stream; returns the features after the
     * restart (where a stream can bind a resource or resume an XEP-0198 session).
     */
    public String authenticate(String domain, String user, String password) throws Exception {
        send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>");
        nextContaining("<open");
        nextContaining("mechanisms");
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        String success = next();
        if (!success.contains("<success")) {
            throw new AssertionError("SASL failed: " + success);
        }
        send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>");
        nextContaining("<open");
        return nextContaining("urn:ietf:params:xml:ns:xmpp-bind");
    }

    /** Drops the TCP connection without a WebSocket close handshake, as a browser losing its network does. */
    public void disconnect() {
        session.disconnect();
    }

    @Override
    public void close() throws Exception {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } finally {
            client.stop();
        }
    }

    /** Collects frames; demand is automatic because tests read at their own pace from the queue. */
    public final class Listener extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketText(String message) {
            frames.add(message);
        }

        @Override
        public void onWebSocketPing(java.nio.ByteBuffer payload) {
            pings.incrementAndGet();
            super.onWebSocketPing(payload);
        }

        @Override
        public void onWebSocketPong(java.nio.ByteBuffer payload) {
            pongs.add(org.eclipse.jetty.util.BufferUtil.copy(payload));
            super.onWebSocketPong(payload);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete(statusCode);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.complete(-1);
        }
    }
}
