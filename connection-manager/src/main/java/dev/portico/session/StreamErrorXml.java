package dev.portico.session;

import dev.portico.xml.Namespaces;
import dev.portico.xml.StreamErrorCondition;
import dev.portico.xml.XmlEscaper;

/** Renders a standalone {@code <stream:error>} (RFC 6120 §4.9) for a condition Portico itself raises. */
public final class StreamErrorXml {
    private StreamErrorXml() {
    }

    /** The error element with its own namespace declarations, so it can stand alone in a frame or body. */
    public static String render(StreamErrorCondition condition, String text) {
        StringBuilder xml = new StringBuilder(160)
            .append("<stream:error xmlns:stream='").append(Namespaces.STREAMS).append("'>")
            .append('<').append(condition.wireName()).append(" xmlns='").append(Namespaces.STREAM_ERRORS).append("'/>");
        if (text != null && !text.isEmpty()) {
            xml.append("<text xmlns='").append(Namespaces.STREAM_ERRORS).append("' xml:lang='en'>")
                .append(XmlEscaper.escapeText(text)).append("</text>");
        }
        return xml.append("</stream:error>").toString();
    }
}
