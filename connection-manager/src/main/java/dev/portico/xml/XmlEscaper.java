package dev.portico.xml;

/**
 * Escaping for text and attribute values that Portico writes itself (stream headers, framing elements,
 * inserted namespace declarations). Stateless; safe from any thread.
 */
public final class XmlEscaper {

    private XmlEscaper() {
    }

    /** Escapes {@code & < >} for use as character data. Returns the same instance when nothing changes. */
    public static String escapeText(String s) {
        return escape(s, false);
    }

    /** Escapes {@code & < > " '} for use inside a quoted attribute value, whichever quote is used. */
    public static String escapeAttribute(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean quotes) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> quotes ? "&quot;" : null;
                case '\'' -> quotes ? "&apos;" : null;
                default -> null;
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
