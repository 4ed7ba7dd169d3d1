package dev.portico.web;

import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The response headers that keep the pages safe: a strict Content-Security-Policy (scripts and styles
 * only from Portico's own origin, nothing inline), framing rules, and the usual hardening headers.
 */
final class SecurityHeaders {
    /** scheme://host[:port], with nothing that could end a CSP source, start a new directive, or add a path. */
    private static final Pattern PLAIN_ORIGIN =
            Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://[A-Za-z0-9._~%!$&()+=\\-\\[\\]:]+");

    private static final String BASE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self';"
            + " base-uri 'none'; form-action 'self'; object-src 'none'";

    private final String pagePolicy;
    private final String embedPolicy;

    SecurityHeaders(List<String> widgetAllowedEmbedders) {
        this.pagePolicy = BASE_POLICY + "; frame-ancestors 'none'";
        StringBuilder ancestors = new StringBuilder("frame-ancestors 'self'");
        for (String origin : widgetAllowedEmbedders) {
            ancestors.append(' ').append(origin);
        }
        this.embedPolicy = BASE_POLICY + "; " + ancestors;
    }

    static boolean isCspSafeSource(String origin) {
        return PLAIN_ORIGIN.matcher(origin).matches();
    }

    /** The main chat page: nobody may frame it. */
    void page(HttpFields.Mutable headers) {
        common(headers);
        headers.put("Content-Security-Policy", pagePolicy);
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    /** The widget's frame: only the configured embedders (and Portico itself) may frame it. */
    void embed(HttpFields.Mutable headers) {
        common(headers);
        headers.put("Content-Security-Policy", embedPolicy);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    /** Static assets: typed strictly, never rendered as documents that could run anything. */
    void asset(HttpFields.Mutable headers) {
        common(headers);
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }

    String pagePolicy() {
        return pagePolicy;
    }

    String embedPolicy() {
        return embedPolicy;
    }

    private static void common(HttpFields.Mutable headers) {
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }
}
