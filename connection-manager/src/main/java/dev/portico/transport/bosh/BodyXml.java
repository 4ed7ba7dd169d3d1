package dev.portico.transport.bosh;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.portico.xml.Namespaces;
import dev.portico.xml.XmlEscaper;

/**
 * Renders a response {@code <body/>} wrapper as UTF-8 bytes. Payloads are already standalone UTF-8 XML
 * (each carries the namespace declarations it needs, {@code xmlns='jabber:client'} for stanzas), so their
 * bytes are copied as they are, never decoded.
 * Not thread-safe; one instance per response.
 */
final class BodyXml {
    private static final byte[] END = "</body>".getBytes(StandardCharsets.US_ASCII);
    private final StringBuilder xml = new StringBuilder(256).append("<body xmlns='").append(Namespaces.HTTPBIND).append('\'');

    /** Adds an attribute; a null value is left out. */
    BodyXml attr(String name, Object value) {
        if (value != null) {
            xml.append(' ').append(name).append("='").append(XmlEscaper.escapeAttribute(value.toString())).append('\'');
        }
        return this;
    }

    /** Marks the body as the end of the session, with a condition unless it is a clean end. */
    BodyXml terminate(BoshCondition condition) {
        attr("type", "terminate");
        return attr("condition", condition == null ? null : condition.wireName());
    }

    byte[] render(List<byte[]> payloads) {
        if (payloads.isEmpty()) {
            return xml.append("/>").toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] head = xml.append('>').toString().getBytes(StandardCharsets.UTF_8);
        int size = head.length + END.length;
        for (byte[] payload : payloads) {
            size += payload.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, head.length);
        int at = head.length;
        for (byte[] payload : payloads) {
            System.arraycopy(payload, 0, out, at, payload.length);
            at += payload.length;
        }
        System.arraycopy(END, 0, out, at, END.length);
        return out;
    }

    byte[] render() {
        return render(List.of());
    }

    /** A terminal body outside any session (unknown sid, unparseable body). */
    static byte[] terminal(BoshCondition condition) {
        return new BodyXml().terminate(condition).render();
    }
}
