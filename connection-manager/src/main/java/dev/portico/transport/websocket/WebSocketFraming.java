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

    static String close(String seeOtherUri) {
        StringBuilder xml = new StringBuilder(80).append("<close xmlns='").append(Namespaces.FRAMING).append('\'');
        attribute(xml, "see-other-uri", seeOtherUri);
        return xml.append("/>").toString();
    }

    /**
     * RFC 7395 §3.6.1 redirects with a WebSocket URI, while a server's see-other-host names a host. A value
     * that already is a ws/wss URI passes through; a host becomes {@code wss://host/PATH}.
     */
    static String seeOtherUri(String seeOtherHost, String path) {
        if (seeOtherHost == null || seeOtherHost.isBlank()) {
            return null;
        }
        String h = seeOtherHost.trim();
        if (h.startsWith("ws://") || h.startsWith("wss://")) {
            return h;
        }
        return "wss://" + h + path;
    }

    private static void attribute(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append(' ').append(name).append("='").append(XmlEscaper.escapeAttribute(value)).append('\'');
        }
    }
}
