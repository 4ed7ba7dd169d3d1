package dev.portico.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which browser origins may open sessions (cross-site WebSocket hijacking and CORS). With no
 * configured list, the server's own origin and loopback origins are allowed. A request without an
 * Origin header does not come from a browser (bots, load tools, Smack) and is allowed: the Origin check
 * protects browser users' ambient credentials, which non-browser clients don't have.
 */
public final class OriginPolicy {
    private final Set<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origin     the Origin header, or null when absent
     * @param ownOrigin  this server's origin as the request addressed it, e.g. {@code http://chat.example:7070}
     */
    public boolean allows(String origin, String ownOrigin) {
        if (origin == null) {
            return true;
        }
        String o = normalize(origin);
        if (o.equals("null")) {
            return false;
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(o) || allowed.contains("*");
        }
        return o.equals(normalize(ownOrigin)) || isLoopback(o);
    }

    static boolean isLoopback(String origin) {
        try {
            URI uri = URI.create(origin);
            String host = uri.getHost();
            if (host == null) {
                return false;
            }
            host = host.toLowerCase(Locale.ROOT);
            return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        return o;
    }
}
