package dev.portico.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.w3c.dom.Element;

/**
 * XEP-0124/0206 as a browser does it: one empty request always held by the server so it can push, a
 * second one when there is something to send (requests=2, hold=1), and a cookie jar of its own (shared
 * by the sessions of one client, like a browser's) so a load balancer's affinity cookie works.
 */
final class BoshTransport implements Transport {
    private static final String NS = "http://jabber.org/protocol/httpbind";

    private final HttpClient http;
    private final String url;
    private final String domain;
    private final AtomicReference<String> cookie;
    private final int wait;
    private final Events events;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Guards rid, sid, in-flight count and the outgoing queue; never held while calling out. */
    private final Object lock = new Object();
    private long rid = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
    private String sid;
    private int inFlight;
    private final List<String> queued = new ArrayList<>();
    private boolean restartQueued;

    /** @param wait the 'wait' asked for at session creation, seconds (the server may grant less) */
    BoshTransport(HttpClient http, String url, String domain, AtomicReference<String> cookie, int wait, Events events) {
        this.http = http;
        this.wait = wait;
        this.url = url;
        this.domain = domain;
        this.cookie = cookie;
        this.events = events;
    }

    @Override
    public void open() {
        String body;
        synchronized (lock) {
            inFlight++;
            body = "<body rid='" + (rid++) + "' to='" + domain + "' wait='" + wait + "' hold='1' ver='1.11' xml:lang='en'"
                + " xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0' xmlns='" + NS + "'/>";
        }
        post(body);
    }

    @Override
    public void restart() {
        synchronized (lock) {
            restartQueued = true;
        }
        pump();
    }

    @Override
    public void send(String element) {
        synchronized (lock) {
            queued.add(element);
        }
        pump();
    }

    /** Sends what is queued if a request slot is free, or an empty request so one is always held. */
    private void pump() {
        String body = null;
        synchronized (lock) {
            if (ended.get() || sid == null) {
                return;
            }
            if (restartQueued && inFlight < 2) {
                restartQueued = false;
                inFlight++;
                body = "<body rid='" + (rid++) + "' sid='" + sid + "' to='" + domain + "' xml:lang='en' xmpp:restart='true'"
                    + " xmlns:xmpp='urn:xmpp:xbosh' xmlns='" + NS + "'/>";
            } else if (!restartQueued && !queued.isEmpty() && inFlight < 2) {
                inFlight++;
                body = "<body rid='" + (rid++) + "' sid='" + sid + "' xmlns='" + NS + "'>" + String.join("", queued) + "</body>";
                queued.clear();
            } else if (inFlight == 0) {
                inFlight++;
                body = "<body rid='" + (rid++) + "' sid='" + sid + "' xmlns='" + NS + "'/>";
            }
        }
        if (body != null) {
            post(body);
        }
    }

    private void post(String body) {
        Request request = http.newRequest(url).method(HttpMethod.POST).timeout(wait + 30, TimeUnit.SECONDS)
            .body(new StringRequestContent("text/xml; charset=utf-8", body, StandardCharsets.UTF_8))
            .headers(h -> h.put("X-Forwarded-For", WebSocketTransport.FORGED_ADDRESS));
        String c = cookie.get();
        if (c != null) {
            request.headers(h -> h.put(HttpHeader.COOKIE, c));
        }
        request.send(new BufferingResponseListener(1 << 20) {
            @Override
            public void onComplete(Result result) {
                answered(result, result.isFailed() ? null : getContentAsString());
            }
        });
    }

    private void answered(Result result, String content) {
        if (result.isFailed()) {
            end("request failed: " + result.getFailure());
            return;
        }
        String setCookie = result.getResponse().getHeaders().get(HttpHeader.SET_COOKIE);
        if (setCookie != null) {
            cookie.set(setCookie.split(";", 2)[0]);
        }
        if (result.getResponse().getStatus() != 200) {
            end("HTTP " + result.getResponse().getStatus());
            return;
        }
        Element body = Xml.parse(content);
        synchronized (lock) {
            inFlight--;
            if (sid == null) {
                sid = Xml.attr(body, "sid");
            }
        }
        if ("terminate".equals(Xml.attr(body, "type"))) {
            end("terminate " + Xml.attr(body, "condition"));
            return;
        }
        for (Element child : Xml.children(body)) {
            if (ended.get()) {
                return;
            }
            events.received(child);
        }
        pump();
    }

    @Override
    public void abandon() {
        ended.set(true);
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true)) {
            events.ended(why);
        }
    }
}
