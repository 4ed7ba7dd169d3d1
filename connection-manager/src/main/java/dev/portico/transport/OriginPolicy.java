package dev.portico.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides which browser origins may open sessions (cross-site WebSocket hijacking and CORS).
 * <ul>
 *   <li>No Origin header: not a browser (bots, load tools, Smack), allowed — the check protects browser
 *       users' ambient credentials, which non-browser clients don't have. {@code null} (opaque) is refused.</li>
 *   <li>Portico's own origin is always allowed, also when other origins are listed, so the web chat it
 *       serves keeps working. It comes from configuration ({@code http.public-url}) or the listener,
 *       never from the request's {@code Host} header, which the page's own DNS decides (DNS rebinding).</li>
 *   <li>With {@code http.allowed-origins} set, those origins (or {@code *}); otherwise loopback origins:
 *       {@code localhost} and the IP literals 127.0.0.0/8 and ::1 — not host names that merely start
 *       with {@code 127.}.</li>
 * </ul>
 * Thread-safe.
 */
public final class OriginPolicy {
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> allowed;
    private final Supplier<String> ownOrigin;

    /**
     * @param allowedOrigins the configured list; empty means loopback origins
     * @param ownOrigin      this server's origin ({@code scheme://host[:port]}), read per request because a
     *                       listener on port 0 knows its port only once started; may supply null (unknown,
     *                       e.g. a wildcard bind without a public URL)
     */
    public OriginPolicy(List<String> allowedOrigins, Supplier<String> ownOrigin) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        this.ownOrigin = ownOrigin;
    }

    /** @param origin the Origin header, or null when absent */
    public boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String o = normalize(origin);
        if (o.equals("null")) {
            return false;
        }
        String own = ownOrigin.get();
        if (own != null && o.equals(normalize(own))) {
            return true;
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(o) || allowed.contains("*");
        }
        return isLoopback(o);
    }

    static boolean isLoopback(String origin) {
        String host;
        try {
            host = URI.create(origin).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        if (!ipv6 && !DOTTED_QUAD.matcher(host).matches()) {
            return false;
        }
        byte[] address = ClientAddresses.literal(host);
        if (address == null) {
            return false;
        }
        if (address.length == 4) {
            return address[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[15] == 1;
    }

    /** Lower case, no trailing slash, no default port (browsers never send one). */
    static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.startsWith("http://") && o.endsWith(":80")) {
            o = o.substring(0, o.length() - 3);
        } else if (o.startsWith("https://") && o.endsWith(":443")) {
            o = o.substring(0, o.length() - 4);
        }
        return o;
    }
}
