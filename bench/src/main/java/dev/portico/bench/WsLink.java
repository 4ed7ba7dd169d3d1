package dev.portico.bench;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * An RFC 7395 client session over Jetty's non-blocking WebSocket client (subprotocol {@code xmpp}, no
 * Origin header, like any non-browser client). The same class talks to Prosody's own WebSocket and to
 * Portico, so the only difference between those two measurements is the gateway.
 */
public final class WsLink extends XmppLink {
    private static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    private volatile Session session;

    private WsLink() {
    }

    /** Opens a WebSocket to {@code uri} with the shared {@code client}. */
    public static WsLink connect(WebSocketClient client, URI uri) throws Exception {
        WsLink link = new WsLink();
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        request.setSubProtocols("xmpp");
        link.session = client.connect(link.new Listener(), request).get(30, TimeUnit.SECONDS);
        return link;
    }

    @Override
    public void send(String element) {
        session.sendText(element, Callback.NOOP);
    }

    @Override
    protected void openStream(String domain) {
        send("<open xmlns='" + FRAMING + "' to='" + domain + "' version='1.0'/>");
    }

    @Override
    protected void closeTransport() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText("<close xmlns='" + FRAMING + "'/>", Callback.NOOP);
            s.close();
        }
    }

    /** Hands every text frame (one element each, per RFC 7395) to the link. */
    public final class Listener extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketText(String message) {
            received(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            ended();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            ended();
        }
    }
}
