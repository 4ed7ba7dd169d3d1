package dev.portico.session;

import java.nio.charset.StandardCharsets;

import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;

/**
 * Keeps passwords out of logs: SASL elements ({@code auth}, {@code response}, {@code challenge},
 * {@code success}) carry credentials or proofs in their text, so their payload is always replaced.
 */
public final class Redaction {
    private Redaction() {
    }

    /** The element as it may appear in a log line. */
    public static String forLog(ParsedElement element) {
        if (Namespaces.SASL.equals(element.namespaceUri())) {
            return "<" + element.localName() + " xmlns='" + Namespaces.SASL + "'>[redacted]</" + element.localName() + ">";
        }
        return new String(element.raw(), StandardCharsets.UTF_8);
    }
}
