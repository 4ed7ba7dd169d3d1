package dev.portico.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.portico.xml.XmlEscaper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * XEP-0156 discovery: {@code /.well-known/host-meta} (XRD) and {@code host-meta.json} (JRD) name this
 * server's WebSocket and BOSH endpoints: under {@code http.public-url} when configured (so a TLS proxy's
 * {@code wss://} and {@code https://} are advertised), otherwise as addressed by the request.
 */
final class HostMetaHandler extends Handler.Abstract.NonBlocking {
    private final String webSocketPath;
    private final String boshPath;
    private final Optional<String> publicUrl;

    HostMetaHandler(String webSocketPath, String boshPath, Optional<String> publicUrl) {
        this.webSocketPath = webSocketPath;
        this.boshPath = boshPath;
        this.publicUrl = publicUrl;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        boolean json = "/.well-known/host-meta.json".equals(path);
        if (!json && !"/.well-known/host-meta".equals(path)) {
            return false;
        }
        String base = publicUrl.orElseGet(() ->
            (request.isSecure() ? "https://" : "http://") + request.getHttpURI().getAuthority());
        String ws = base.replaceFirst("^http", "ws") + webSocketPath;
        String bosh = base + boshPath;
        String body;
        if (json) {
            body = "{\"links\":[{\"rel\":\"urn:xmpp:alt-connections:websocket\",\"href\":\"" + ws + "\"},"
                + "{\"rel\":\"urn:xmpp:alt-connections:xbosh\",\"href\":\"" + bosh + "\"}]}";
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        } else {
            body = "<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n"
                + "  <Link rel='urn:xmpp:alt-connections:websocket' href='" + XmlEscaper.escapeAttribute(ws) + "'/>\n"
                + "  <Link rel='urn:xmpp:alt-connections:xbosh' href='" + XmlEscaper.escapeAttribute(bosh) + "'/>\n</XRD>\n";
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xrd+xml");
        }
        // Discovery is meant to be read by clients on other origins.
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
