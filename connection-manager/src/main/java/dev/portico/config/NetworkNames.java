package dev.portico.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validators for domain names, host names, IP addresses and origins, returning them in the normalised
 * form the rest of Portico compares against (lower case, IPv6 without brackets).
 */
final class NetworkNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern ORIGIN =
            Pattern.compile("([a-z][a-z0-9+.-]*)://(\\[[^\\]]*\\]|[^:/?#\\[\\]@\\s]+)(?::(\\d{1,5}))?");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*");
    // Browsers never put a scheme's default port in Origin, so an origin written with it could never match.
    private static final Map<String, String> DEFAULT_PORTS = Map.of("http", "80", "https", "443");

    private NetworkNames() {
    }

    /** A DNS domain name, returned in lower case because XMPP domains compare case-insensitively. */
    static String domainName(String key, String value) {
        String lower = Checks.required(key, value).toLowerCase(Locale.ROOT);
        if (!isDnsName(lower)) {
            throw new ConfigException(key, "must be a valid DNS domain name (got " + Checks.quote(value) + ")");
        }
        return lower;
    }

    /** An IP address (IPv6 with or without brackets) or a DNS host name; returned without brackets. */
    static String host(String key, String value) {
        String lower = Checks.required(key, value).toLowerCase(Locale.ROOT);
        String bare = lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
        boolean valid = bare.equals(lower) ? isHostName(bare) : isIpv6(bare);
        if (!valid) {
            throw new ConfigException(key, "must be an IP address or a DNS host name (got " + Checks.quote(value) + ")");
        }
        return bare;
    }

    /** A browser origin {@code scheme://host[:port]}, lower-cased and without the scheme's default port. */
    static String origin(String key, String value) {
        String lower = Checks.required(key, value).toLowerCase(Locale.ROOT);
        Matcher m = ORIGIN.matcher(lower);
        String problem = "must look like scheme://host[:port] with no path (got " + Checks.quote(value) + ")";
        if (!m.matches()) {
            throw new ConfigException(key, problem);
        }
        String scheme = m.group(1);
        String host = m.group(2);
        String port = m.group(3);
        boolean hostValid = host.startsWith("[") ? isIpv6(host.substring(1, host.length() - 1)) : isHostName(host);
        if (!hostValid || (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535))) {
            throw new ConfigException(key, problem);
        }
        boolean defaultPort = port != null && port.replaceFirst("^0+", "").equals(DEFAULT_PORTS.get(scheme));
        return scheme + "://" + host + (port == null || defaultPort ? "" : ":" + Integer.parseInt(port));
    }

    /**
     * The URL browsers reach Portico at, {@code http(s)://host[:port][/path]}: the origin part normalised as
     * by {@link #origin}, the path kept (without a trailing slash); no query, fragment or user info.
     */
    static String publicUrl(String key, String value) {
        String text = Checks.required(key, value).trim();
        int schemeEnd = text.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : text.indexOf('/', schemeEnd + 3);
        String origin = pathStart < 0 ? text : text.substring(0, pathStart);
        String path = pathStart < 0 ? "" : text.substring(pathStart);
        String problem = "must look like https://host[:port][/path], the address browsers use to reach Portico"
                + " (got " + Checks.quote(value) + ")";
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || !PATH.matcher(path).matches()) {
            throw new ConfigException(key, problem);
        }
        try {
            origin = origin(key, origin);
        } catch (ConfigException e) {
            throw new ConfigException(key, problem);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return origin + path;
    }

    /** A reverse proxy whose X-Forwarded-For is believed: an IP address or a CIDR range. */
    static String proxy(String key, String value) {
        String lower = Checks.required(key, value).toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        String address = slash < 0 ? lower : lower.substring(0, slash);
        boolean valid = isIpLiteral(address);
        if (valid && slash >= 0) {
            String prefix = lower.substring(slash + 1);
            int maxPrefix = address.contains(":") ? 128 : 32;
            valid = prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= maxPrefix;
        }
        if (!valid) {
            throw new ConfigException(key, "must be an IP address or a CIDR range like 10.0.0.0/8 (got " + Checks.quote(value) + ")");
        }
        return lower;
    }

    private static boolean isDnsName(String lower) {
        if (lower.isEmpty() || lower.length() > 253) {
            return false;
        }
        for (String label : lower.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** An unbracketed IP literal or a DNS name; dotted digits are only ever read as IPv4. */
    private static boolean isHostName(String text) {
        if (IPV4.matcher(text).matches() || text.contains(":")) {
            return isIpLiteral(text);
        }
        return isDnsName(text);
    }

    /** An unbracketed IPv4 or IPv6 literal (never a DNS name). */
    static boolean isIpLiteral(String text) {
        return IPV4.matcher(text).matches() ? isIpv4(text) : text.contains(":") && isIpv6(text);
    }

    private static boolean isIpv4(String text) {
        Matcher m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        if (!text.contains(":")) {
            return false;
        }
        try {
            // Brackets make the JDK insist on an IPv6 literal, so this never turns into a DNS query.
            InetAddress.getByName("[" + text + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
