package dev.portico.upstream;

import java.nio.charset.StandardCharsets;

import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import dev.portico.xml.XmlEscaper;

/** The upstream side of framing translation: stream headers, the closing tag, and server stream errors. */
public final class StreamHeaders {
    static final byte[] CLOSE_TAG = "</stream:stream>".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEEP_ALIVE = {' '};
    static final byte[] STARTTLS = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>".getBytes(StandardCharsets.UTF_8);

    private StreamHeaders() {
    }

    /** The c2s stream header Portico sends when a browser opens (or restarts) a stream to {@code domain}. */
    static byte[] open(String domain, String lang) {
        String header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='" + XmlEscaper.escapeAttribute(domain)
            + "' version='1.0' xml:lang='" + XmlEscaper.escapeAttribute(lang) + "'>";
        return header.getBytes(StandardCharsets.UTF_8);
    }

    /** A server's {@code <stream:error>}: its condition and, for see-other-host, the host named. */
    public record ServerError(StreamErrorCondition condition, String seeOtherHost) {
        /** Reads the condition (and a see-other-host's host) out of a server's {@code <stream:error>}. */
        public static ServerError of(ParsedElement error) {
            StreamErrorCondition condition = StreamErrorCondition.UNDEFINED_CONDITION;
            String seeOther = null;
            for (ParsedElement child : error.children()) {
                if (Namespaces.STREAM_ERRORS.equals(child.namespaceUri()) && !"text".equals(child.localName())) {
                    condition = StreamErrorCondition.fromWireName(child.localName());
                    if (condition == StreamErrorCondition.SEE_OTHER_HOST) {
                        seeOther = child.text().trim();
                    }
                }
            }
            return new ServerError(condition, seeOther);
        }
    }
}
