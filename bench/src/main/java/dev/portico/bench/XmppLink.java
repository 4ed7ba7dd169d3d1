package dev.portico.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One logged-in XMPP client session over some transport (direct TCP or an RFC 7395 WebSocket). The
 * transports differ only in how a stream is opened and how bytes are framed; login (SASL PLAIN and
 * resource binding) and the benchmark traffic are the same code for all of them.
 *
 * <p>Until {@link #onStanza(Consumer)} is called, received elements are queued for the login steps;
 * afterwards they go straight to the handler on the transport's reader thread.
 */
public abstract class XmppLink implements AutoCloseable {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private volatile Consumer<String> handler;
    private volatile boolean closed;
    private volatile boolean closing;
    private volatile boolean broken;
    private volatile String brokenReason;
    private String jid;

    /** Sends one element (a stanza, or a stream-level element); may be called from any thread. */
    public abstract void send(String element);

    /** Sends the transport's stream header or RFC 7395 {@code <open/>}. */
    protected abstract void openStream(String domain);

    /** Sends the transport's stream end and closes the connection without waiting. */
    protected abstract void closeTransport();

    /** Routes every element received from now on to {@code stanzaHandler}. */
    public void onStanza(Consumer<String> stanzaHandler) {
        this.handler = stanzaHandler;
        for (String pending; (pending = queue.poll()) != null; ) {
            stanzaHandler.accept(pending);
        }
    }

    /** The full JID bound at login. */
    public String jid() {
        return jid;
    }

    /** Called by the transport for every element received from the server. */
    protected void received(String element) {
        if (element.startsWith("<stream:error") && !closing && !broken) {
            brokenReason = element.length() > 200 ? element.substring(0, 200) : element;
            broken = true;
        }
        Consumer<String> h = handler;
        if (h != null) {
            h.accept(element);
        } else {
            queue.add(element);
        }
    }

    /** Called by the transport when the connection ends. */
    protected void ended() {
        ended("connection closed");
    }

    /** Called by the transport when the connection ends; {@code reason} is kept if we did not close it. */
    protected void ended(String reason) {
        if (!closing && !broken) {
            brokenReason = reason;
            broken = true;
        }
        closed = true;
        queue.add("");
    }

    /** Whether the session ended without our asking (a stream error, a BOSH terminate, a dropped socket). */
    public boolean broken() {
        return broken;
    }

    /** Why the session broke, or null. */
    public String brokenReason() {
        return brokenReason;
    }

    /** Opens a stream, authenticates with SASL PLAIN, restarts the stream and binds {@code resource}. */
    public void login(String domain, String user, String password, String resource) throws InterruptedException {
        openStream(domain);
        await("mechanisms");
        String plain = Base64.getEncoder()
            .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        String outcome = await("urn:ietf:params:xml:ns:xmpp-sasl");
        if (!outcome.startsWith("<success")) {
            throw new IllegalStateException(user + ": SASL failed: " + outcome);
        }
        openStream(domain);
        await("urn:ietf:params:xml:ns:xmpp-bind");
        send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<resource>" + resource + "</resource></bind></iq>");
        String bound = await("bind1");
        int start = bound.indexOf("<jid>");
        if (start < 0) {
            throw new IllegalStateException(user + ": bind failed: " + bound);
        }
        jid = bound.substring(start + 5, bound.indexOf("</jid>"));
    }

    /** The next queued element containing {@code marker}, skipping others. */
    private String await(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            String element = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (element == null || element.isEmpty()) {
                throw new IllegalStateException("no element containing " + marker
                    + (element == null ? " within " + STEP_TIMEOUT : " (connection closed)"));
            }
            if (element.contains(marker)) {
                return element;
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        if (!closed) {
            closed = true;
            closeTransport();
        }
    }
}
