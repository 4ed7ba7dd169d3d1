package dev.portico.cluster;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.w3c.dom.Element;

/** RFC 7395 framing over one WebSocket of a shared Jetty {@link WebSocketClient}. */
final class WebSocketTransport implements Transport {
    /** Sent by the client itself: a proxy in front must append the real address, and Portico ignore this one. */
    static final String FORGED_ADDRESS = "203.0.113.9";

    private final WebSocketClient client;
    private final URI uri;
    private final String domain;
    private final Events events;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Session session;

    WebSocketTransport(WebSocketClient client, URI uri, String domain, Events events) {
        this.client = client;
        this.uri = uri;
        this.domain = domain;
        this.events = events;
    }

    @Override
    public void open() {
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        request.setSubProtocols("xmpp");
        request.setHeader("X-Forwarded-For", FORGED_ADDRESS);
        try {
            client.connect(new Listener(), request).whenComplete((s, failure) -> {
                if (failure != null) {
                    end("connect failed: " + failure);
                }
            });
        } catch (Exception e) {
            end("connect failed: " + e);
        }
    }

    @Override
    public void restart() {
        send(openFrame());
    }

    private String openFrame() {
        return "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>";
    }

    @Override
    public void send(String element) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            end("send on a closed socket");
            return;
        }
        s.sendText(element, Callback.from(() -> { }, failure -> end("send failed: " + failure)));
    }

    @Override
    public void abandon() {
        ended.set(true);
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true)) {
            Session s = session;
            if (s != null && s.isOpen()) {
                s.close();
            }
            events.ended(why);
        }
    }

    /** Frames in order on Jetty's threads; demand is automatic. */
    public final class Listener extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketOpen(Session opened) {
            super.onWebSocketOpen(opened);
            session = opened;
            send(openFrame());
        }

        @Override
        public void onWebSocketText(String frame) {
            if (ended.get()) {
                return;
            }
            Element element = Xml.parse(frame);
            String name = element.getLocalName();
            if ("close".equals(name)) {
                end("<close/>");
            } else if ("error".equals(name) && "http://etherx.jabber.org/streams".equals(element.getNamespaceURI())) {
                Element condition = Xml.children(element).isEmpty() ? null : Xml.children(element).get(0);
                end("stream error " + (condition == null ? "?" : condition.getLocalName()));
            } else if (!"open".equals(name)) {
                events.received(element);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            end("socket closed " + statusCode);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            end("socket error " + cause);
        }
    }
}
