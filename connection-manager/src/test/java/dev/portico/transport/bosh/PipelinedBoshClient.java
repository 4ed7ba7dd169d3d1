package dev.portico.transport.bosh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * An asynchronous BOSH client that follows XEP-0124 the way the load client of issue 8 does, for an
 * already logged-in session ({@link RawBoshClient#login}): at most {@code requests} rids open, counted from
 * the oldest response not yet processed; queued stanzas go out in a new request whenever fewer than
 * {@code requests} are open; an empty request goes out as soon as none is open. Responses complete on the
 * HTTP client's threads and are processed on {@code processing}, so they are handled in any order.
 */
final class PipelinedBoshClient {
    private static final Pattern MESSAGE_BODY = Pattern.compile("<body>(m:[^<]*)</body>");

    private final HttpClient http;
    private final String url;
    private final String sid;
    private final int requests;
    private final Executor processing;
    private final ReentrantLock lock = new ReentrantLock();
    /** Rids sent whose responses are not processed yet. */
    private final TreeSet<Long> unprocessed = new TreeSet<>();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long nextRid;
    private boolean stopped;

    /** Message bodies (those starting with {@code m:}) received, in processing order. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** Terminal bodies and transport failures; empty while the session is healthy. */
    final List<String> failures = new CopyOnWriteArrayList<>();

    PipelinedBoshClient(HttpClient http, String url, RawBoshClient loggedIn, int requests, Executor processing) {
        this.http = http;
        this.url = url;
        this.sid = loggedIn.sid;
        this.nextRid = loggedIn.rid;
        this.requests = requests;
        this.processing = processing;
    }

    /** Starts polling: no request is open after a synchronous login, so an empty one goes out. */
    void start() {
        sendAll(pump(null));
    }

    /** Queues a stanza for the server. */
    void enqueue(String stanza) {
        sendAll(pump(stanza));
    }

    /** Sends nothing more except a terminate request. */
    void terminate() {
        long rid;
        lock.lock();
        try {
            stopped = true;
            rid = nextRid++;
        } finally {
            lock.unlock();
        }
        post(rid, "type='terminate'", "", false);
    }

    private record Outgoing(long rid, String payload) {
    }

    /** Decides, under the lock, which requests the rules allow now. */
    private List<Outgoing> pump(String newStanza) {
        List<Outgoing> out = new ArrayList<>(2);
        lock.lock();
        try {
            if (newStanza != null) {
                queue.add(newStanza);
            }
            while (!stopped && failures.isEmpty()) {
                long open = unprocessed.isEmpty() ? 0 : nextRid - unprocessed.first();
                if (open < requests && !queue.isEmpty()) {
                    StringBuilder payload = new StringBuilder();
                    while (!queue.isEmpty()) {
                        payload.append(queue.poll());
                    }
                    out.add(open(payload.toString()));
                } else if (open == 0) {
                    out.add(open(""));
                } else {
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    private Outgoing open(String payload) {
        long rid = nextRid++;
        unprocessed.add(rid);
        return new Outgoing(rid, payload);
    }

    private void sendAll(List<Outgoing> out) {
        out.forEach(o -> post(o.rid(), "", o.payload(), true));
    }

    private void post(long rid, String attributes, String payload, boolean process) {
        String start = "<body rid='" + rid + "' sid='" + sid + "' " + attributes + " xmlns='" + RawBoshClient.NS + "'";
        String body = payload.isEmpty() ? start + "/>" : start + ">" + payload + "</body>";
        http.newRequest(url).method(HttpMethod.POST).timeout(120, TimeUnit.SECONDS)
            .body(new StringRequestContent("text/xml; charset=utf-8", body, StandardCharsets.UTF_8))
            .send(new BufferingResponseListener(4 << 20) {
                @Override
                public void onComplete(Result result) {
                    if (!process) {
                        return;
                    }
                    String content = result.isSucceeded() ? getContentAsString() : null;
                    Throwable failure = result.getFailure();
                    processing.execute(() -> processed(rid, content, failure));
                }
            });
    }

    private void processed(long rid, String content, Throwable failure) {
        if (content == null) {
            failures.add("rid " + rid + ": " + failure);
        } else if (content.contains("type='terminate'")) {
            failures.add("rid " + rid + ": " + content);
        } else {
            Matcher m = MESSAGE_BODY.matcher(content);
            while (m.find()) {
                received.add(m.group(1));
            }
        }
        lock.lock();
        try {
            unprocessed.remove(rid);
        } finally {
            lock.unlock();
        }
        sendAll(pump(null));
    }
}
