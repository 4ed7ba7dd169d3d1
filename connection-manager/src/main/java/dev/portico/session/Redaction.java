package dev.portico.session;

import java.util.Set;

import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;

/**
 * Keeps passwords out of logs, at every level. Whole elements are replaced, never scanned for the secret
 * alone, so nothing of it can slip through a pattern:
 * <ul>
 *   <li>SASL elements ({@code auth}, {@code response}, {@code challenge}, {@code success}) carry
 *       credentials or proofs in their text;</li>
 *   <li>in-band registration ({@code jabber:iq:register}, XEP-0077: sign-up, password change) and legacy
 *       authentication ({@code jabber:iq:auth}, XEP-0078) carry a {@code <password/>} (or a digest of it),
 *       possibly inside a data form, possibly deeper than the parser materialises;</li>
 * </ul>
 * so any stanza that holds one of these namespaces anywhere is logged as its start tag and
 * {@code [redacted]}.
 */
public final class Redaction {
    static final String REGISTER = "jabber:iq:register";
    static final String LEGACY_AUTH = "jabber:iq:auth";
    private static final Set<String> SECRET_NAMESPACES = Set.of(Namespaces.SASL, REGISTER, LEGACY_AUTH);

    private Redaction() {
    }

    /** The element as it may appear in a log line. */
    public static String forLog(ParsedElement element) {
        // The standalone form declares every namespace the subtree uses, however deep and wherever declared.
        String xml = element.toStandaloneXml();
        if (!holdsSecrets(element, xml)) {
            return xml;
        }
        String prefix = element.prefix().isEmpty() ? "" : element.prefix() + ":";
        return "<" + prefix + element.localName() + " xmlns='" + element.namespaceUri() + "'>[redacted]</"
            + prefix + element.localName() + ">";
    }

    /**
     * True if the element or a descendant is in a namespace that carries secrets. The parser materialises
     * only a few levels, so the standalone text is searched for the namespace names as well: an element
     * below those levels can only be in such a namespace if the text declares it.
     */
    static boolean holdsSecrets(ParsedElement element, String xml) {
        if (inSecretNamespace(element)) {
            return true;
        }
        for (String ns : SECRET_NAMESPACES) {
            if (xml.contains(ns)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inSecretNamespace(ParsedElement element) {
        if (SECRET_NAMESPACES.contains(element.namespaceUri())) {
            return true;
        }
        for (ParsedElement child : element.children()) {
            if (inSecretNamespace(child)) {
                return true;
            }
        }
        return false;
    }
}
