package dev.portico.transport.websocket;

import dev.portico.session.StreamInfo;
import dev.portico.xml.Namespaces;
import dev.portico.xml.XmlEscaper;

/** Renders the RFC 7395 framing elements Portico sends to the browser. */
final class WebSocketFraming {
    private WebSocketFraming() {
    }

    static String open(StreamInfo info) {
        StringBuilder xml = new StringBuilder(160).append("<open xmlns='").append(Namespaces.FRAMING).append('\'');
        attribute(xml, "from", info.from());
        attribute(xml, "id", info.id());
        attribute(xml, "version", info.version() == null ? "1.0" : info.version());
        attribute(xml, "xml:lang", info.lang());
        return xml.append("/>").toString();
    }

    /**
     * The closing frame. Never with {@code see-other-uri}: Portico has no other browser endpoint to offer,
     * and a server's see-other-host names a TCP host, which must not become a place the browser logs in.
     */
    static String close() {
        return "<close xmlns='" + Namespaces.FRAMING + "'/>";
    }

    private static void attribute(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append(' ').append(name).append("='").append(XmlEscaper.escapeAttribute(value)).append('\'');
        }
    }
}
