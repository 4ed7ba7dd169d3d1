package dev.portico.transport.bosh;

import java.util.List;

import dev.portico.xml.Namespaces;
import dev.portico.xml.XmlEscaper;

/**
 * Renders a response {@code <body/>} wrapper. Payloads are already standalone XML (each carries the
 * namespace declarations it needs, {@code xmlns='jabber:client'} for stanzas), so they are copied as is.
 * Not thread-safe; one instance per response.
 */
final class BodyXml {
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

    String render(List<String> payloads) {
        if (payloads.isEmpty()) {
            return xml.append("/>").toString();
        }
        xml.append('>');
        for (String payload : payloads) {
            xml.append(payload);
        }
        return xml.append("</body>").toString();
    }

    String render() {
        return render(List.of());
    }

    /** A terminal body outside any session (unknown sid, unparseable body). */
    static String terminal(BoshCondition condition) {
        return new BodyXml().terminate(condition).render();
    }
}
