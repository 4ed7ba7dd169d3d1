package dev.portico.transport.bosh;

import java.util.Locale;

/**
 * Which request Content-Types a BOSH POST may carry: XML ({@code text/xml}, {@code application/xml},
 * any {@code +xml} type) in UTF-8. A cross-site HTML form can only send {@code text/plain},
 * {@code application/x-www-form-urlencoded} or {@code multipart/form-data}, so refusing those makes every
 * cross-site POST a CORS request that needs a preflight, which the Origin allow-list then governs.
 *
 * <p>A POST <em>without</em> Content-Type is accepted: non-browser clients may leave it out, and no HTML
 * form can send one without it. Strophe.js and jbosh (Smack) both send {@code text/xml; charset=utf-8};
 * a Strophe.js set up with {@code contentType: 'text/plain'} (to avoid the preflight) is refused.
 */
final class RequestContentType {
    /** What Strophe.js, jbosh and most clients send, recognised without allocating (every request asks). */
    private static final String[] COMMON = {"text/xml; charset=utf-8", "text/xml;charset=utf-8", "text/xml"};

    private RequestContentType() {
    }

    /** True if a body with this Content-Type header (null when absent) may be processed. */
    static boolean acceptable(String header) {
        if (header == null || header.isBlank()) {
            return true;
        }
        for (String common : COMMON) {
            if (common.equalsIgnoreCase(header)) {
                return true;
            }
        }
        String[] parts = header.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].trim();
        boolean xml = type.equals("text/xml") || type.equals("application/xml")
            || (type.endsWith("+xml") && (type.startsWith("application/") || type.startsWith("text/")));
        if (!xml) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.startsWith("charset=")) {
                String charset = param.substring("charset=".length()).replace("\"", "").trim();
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
