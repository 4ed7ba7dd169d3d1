package dev.portico.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A raw XEP-0124/0206 client session over Jetty's asynchronous {@link HttpClient} (no thread per session,
 * no thread per request), behaving like a browser library that follows the XEP:
 * <ul>
 * <li>at most {@code requests} requests are open, counted from the oldest response not yet processed
 *     (responses are processed in rid order, whatever order they arrive in);</li>
 * <li>queued stanzas go out in a new request as soon as fewer than {@code requests} are open;</li>
 * <li>an empty request goes out as soon as none is open, so the server always holds one.</li>
 * </ul>
 * This is the client of issue 8 item 3, whose sessions the connection manager must never terminate.
 *
 * <p>All state is guarded by {@code this}: response callbacks (Jetty client threads) and senders (any
 * thread) both go through {@link #pump()}, so a request slot freed by a response is always refilled by
 * the thread that freed it.
 */
public final class BoshLink extends XmppLink {
    private static final String NS = "http://jabber.org/protocol/httpbind";
    private static final int MAX_RETRIES = 3;
    private static final Pattern ATTR = Pattern.compile("\\s([a-zA-Z:]+)=['\"]([^'\"]*)['\"]");

    private final HttpClient http;
    private final URI uri;
    private final int wait;
    private final Deque<String> outgoing = new ArrayDeque<>();
    private final Map<Long, String> arrived = new TreeMap<>();
    /** Elements processed but not yet handed to {@link #received}; drained by one thread at a time. */
    private final Deque<String> inbox = new ArrayDeque<>();
    private boolean delivering;
    private String domain;
    private String sid;
    private long nextRid = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
    private long processedRid;
    private int open;
    private int requests = 2;
    private boolean restartPending;
    /** The restart after SASL success went out already (the link sends it itself, see {@link #process}). */
    private boolean restartSent;
    private boolean terminated;

    private BoshLink(HttpClient http, URI uri, int wait) {
        this.http = http;
        this.uri = uri;
        this.wait = wait;
    }

    /** A session to be created at {@code uri} on the first {@link #openStream}; {@code wait} in seconds. */
    public static BoshLink create(HttpClient http, URI uri, int wait) {
        return new BoshLink(http, uri, wait);
    }

    @Override
    public void send(String element) {
        synchronized (this) {
            if (terminated) {
                throw new IllegalStateException("BOSH session ended: " + brokenReason());
            }
            outgoing.add(element);
            pump();
        }
    }

    @Override
    protected synchronized void openStream(String domain) {
        if (sid == null) {
            this.domain = domain;
            long rid = nextRid++;
            processedRid = rid - 1;
            open++;
            post(rid, "<body rid='" + rid + "' to='" + domain + "' wait='" + wait + "' hold='1' ver='1.11'"
                + " xml:lang='en' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0' xmlns='" + NS + "'/>");
        } else if (!restartSent) {
            restartPending = true;
            pump();
        }
    }

    @Override
    protected void closeTransport() {
        synchronized (this) {
            if (terminated || sid == null) {
                terminated = true;
                return;
            }
            terminated = true;
            long rid = nextRid++;
            http.newRequest(uri).method(HttpMethod.POST).timeout(10, TimeUnit.SECONDS)
                .body(new StringRequestContent("text/xml; charset=utf-8", "<body rid='" + rid + "' sid='" + sid
                    + "' type='terminate' xmlns='" + NS + "'><presence type='unavailable' xmlns='jabber:client'/></body>",
                    StandardCharsets.UTF_8))
                .send(result -> { });
        }
    }

    /** Sends what the rules allow now. Caller holds the lock. */
    private void pump() {
        if (sid == null || terminated) {
            return;
        }
        while (open < requests && (restartPending || !outgoing.isEmpty() || open == 0)) {
            long rid = nextRid++;
            StringBuilder body = new StringBuilder(256).append("<body rid='").append(rid).append("' sid='").append(sid)
                .append("' xmlns='").append(NS).append('\'');
            if (restartPending) {
                restartPending = false;
                restartSent = true;
                body.append(" xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh' to='").append(domain)
                    .append("' xml:lang='en'/>");
            } else if (outgoing.isEmpty()) {
                body.append("/>");
            } else {
                body.append('>');
                for (String element; (element = outgoing.poll()) != null; ) {
                    body.append(element);
                }
                body.append("</body>");
            }
            open++;
            post(rid, body.toString());
        }
    }

    private void post(long rid, String body) {
        post(rid, body, 0);
    }

    /**
     * POSTs one body. A request that fails without a response (the connection closed under it, as when a
     * kept-alive connection the server is closing for idleness gets reused at that moment) is sent again
     * with the same rid, as XEP-0124 §14 allows and browsers' BOSH libraries do; the connection manager
     * answers a repeated rid from its response cache.
     */
    private void post(long rid, String body, int attempt) {
        http.newRequest(uri).method(HttpMethod.POST).timeout(wait + 30L, TimeUnit.SECONDS)
            .idleTimeout(wait + 30L, TimeUnit.SECONDS)
            .body(new StringRequestContent("text/xml; charset=utf-8", body, StandardCharsets.UTF_8))
            .send(new BufferingResponseListener(4 * 1024 * 1024) {
                @Override
                public void onComplete(Result result) {
                    if (result.isFailed() && result.getResponse().getStatus() == 0 && attempt < MAX_RETRIES
                        && !isTerminated()) {
                        post(rid, body, attempt + 1);
                    } else if (result.isFailed()) {
                        fail("HTTP request failed after " + (attempt + 1) + " attempts: " + result.getFailure());
                    } else if (result.getResponse().getStatus() != 200) {
                        fail("HTTP " + result.getResponse().getStatus() + " " + getContentAsString());
                    } else {
                        arrived(rid, getContentAsString(StandardCharsets.UTF_8));
                    }
                }
            });
    }

    private synchronized boolean isTerminated() {
        return terminated;
    }

    /**
     * Processes responses in rid order and refills the request slots under the lock, then hands the
     * received elements on outside it (a handler may send on another link) — in order, by one thread at
     * a time: a thread that finds another delivering leaves its elements in the inbox for that one.
     */
    private void arrived(long rid, String body) {
        synchronized (this) {
            if (!terminated) {
                arrived.put(rid, body);
                for (String next; !terminated && (next = arrived.remove(processedRid + 1)) != null; ) {
                    processedRid++;
                    open--;
                    process(next);
                }
                pump();
            }
            if (delivering) {
                return;
            }
            delivering = true;
        }
        while (true) {
            String element;
            synchronized (this) {
                element = inbox.poll();
                if (element == null) {
                    delivering = false;
                    return;
                }
            }
            received(element);
        }
    }

    private void process(String body) {
        int end = body.indexOf('>');
        String start = end < 0 ? body : body.substring(0, end);
        if (sid == null) {
            Matcher m = ATTR.matcher(start);
            while (m.find()) {
                switch (m.group(1)) {
                    case "sid" -> sid = m.group(2);
                    case "requests" -> requests = Math.max(1, Integer.parseInt(m.group(2)));
                    default -> { }
                }
            }
            if (sid == null) {
                terminate("no sid in the session creation response: " + body);
                return;
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        new StreamSplitter(inbox::add).feed(bytes, 0, bytes.length);
        if (!restartSent && body.contains("<success")) {
            // Like Strophe.js: the restart is the very next request after SASL success, not an empty one
            // followed by the restart (two empty requests within 'polling' look like overactivity, §11).
            restartPending = true;
        }
        if (start.contains("type='terminate'") || start.contains("type=\"terminate\"")) {
            terminate("terminated by the server: " + start);
        }
    }

    private void fail(String reason) {
        synchronized (this) {
            if (!terminated) {
                terminate(reason);
            }
        }
    }

    private void terminate(String reason) {
        terminated = true;
        ended(reason);
    }
}
