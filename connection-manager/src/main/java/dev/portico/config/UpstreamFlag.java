package dev.portico.config;

import java.util.Optional;

/** Parses the value of {@code --upstream}: {@code DOMAIN=HOST:PORT}, {@code DOMAIN=HOST} or {@code DOMAIN}. */
final class UpstreamFlag {
    static final String FLAG = "--upstream";

    private UpstreamFlag() {
    }

    /** The domain the flag configures; {@code host} empty means DNS SRV. */
    static UpstreamDomain parse(String value) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            return UpstreamDomain.viaSrv(NetworkNames.domainName(FLAG, value));
        }
        String domain = NetworkNames.domainName(FLAG, value.substring(0, equals));
        String address = value.substring(equals + 1);
        String host;
        String port;
        if (address.startsWith("[")) {
            // [IPv6] with an optional :PORT after the bracket
            int close = address.indexOf(']');
            if (close < 0) {
                throw malformed(value);
            }
            host = address.substring(0, close + 1);
            port = portAfter(address.substring(close + 1), value);
        } else {
            int colon = address.indexOf(':');
            if (colon != address.lastIndexOf(':')) {
                throw malformed(value); // a bare IPv6 address is ambiguous with HOST:PORT
            }
            host = colon < 0 ? address : address.substring(0, colon);
            port = colon < 0 ? null : address.substring(colon + 1);
        }
        if (host.isEmpty() || (port != null && !port.matches("\\d{1,5}"))) {
            throw malformed(value);
        }
        int number = port == null ? UpstreamDomain.DEFAULT_PORT : Checks.port(FLAG, Integer.parseInt(port), false);
        return new UpstreamDomain(domain, Optional.of(NetworkNames.host(FLAG, host)), number);
    }

    private static String portAfter(String rest, String value) {
        if (rest.isEmpty()) {
            return null;
        }
        if (!rest.startsWith(":")) {
            throw malformed(value);
        }
        return rest.substring(1);
    }

    private static ConfigException malformed(String value) {
        return new ConfigException(FLAG, "expected DOMAIN=HOST:PORT (got " + Checks.quote(value) + ")");
    }
}
