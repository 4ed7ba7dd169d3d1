package dev.portico.transport.websocket;

import dev.portico.config.PorticoConfig;
import dev.portico.session.SessionServices;
import dev.portico.transport.ClientAddresses;
import dev.portico.transport.ConnectionLimiter;
import dev.portico.transport.OriginPolicy;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts or refuses WebSocket upgrades on the XMPP path: the subprotocol {@code xmpp} is required
 * (RFC 7395 §3.1) and a browser's Origin must be allowed (403 otherwise).
 */
public final class XmppWebSocketCreator implements WebSocketCreator {
    private static final Logger LOG = LoggerFactory.getLogger(XmppWebSocketCreator.class);
    static final String SUBPROTOCOL = "xmpp";

    private final SessionServices services;
    private final OriginPolicy origins;
    private final PorticoConfig config;
    private final ClientAddresses addresses;
    private final ConnectionLimiter connections;

    public XmppWebSocketCreator(SessionServices services, OriginPolicy origins, PorticoConfig config,
                                ConnectionLimiter connections) {
        this.services = services;
        this.origins = origins;
        this.config = config;
        this.connections = connections;
        this.addresses = new ClientAddresses(config.http().trustedProxies());
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origins.allows(origin)) {
            LOG.info("refused WebSocket upgrade from origin {} ({})", origin, Request.getRemoteAddr(request));
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "origin not allowed");
            return null;
        }
        if (!request.hasSubProtocol(SUBPROTOCOL)) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
                "the WebSocket subprotocol 'xmpp' is required (RFC 7395)");
            return null;
        }
        String client = addresses.of(request.getConnectionMetaData().getRemoteSocketAddress(), request.getHeaders());
        ConnectionLimiter.Permit permit = connections.admit(client, "WebSocket upgrade", request, response, callback);
        if (permit == null) {
            return null;
        }
        response.setAcceptedSubProtocol(SUBPROTOCOL);
        return new XmppWebSocketEndpoint(services, client, permit, config);
    }
}
