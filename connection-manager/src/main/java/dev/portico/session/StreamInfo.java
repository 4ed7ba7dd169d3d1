package dev.portico.session;

import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;

/**
 * What the client needs to know about an (re)opened stream: the attributes of the server's stream header.
 *
 * @param from    the server's domain
 * @param id      the stream id chosen by the server
 * @param version the stream version, normally "1.0"
 * @param lang    the stream language, may be null
 */
public record StreamInfo(String from, String id, String version, String lang) {
    /** What the browser needs from the server's stream header. */
    public static StreamInfo of(ParsedElement header) {
        return new StreamInfo(header.attribute("from"), header.attribute("id"), header.attribute("version"),
            header.attribute(Namespaces.XML, "lang"));
    }
}
