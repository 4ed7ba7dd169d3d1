package dev.portico.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses are not on the public internet: loopback (127/8, ::1), unspecified (0.0.0.0, ::),
 * private (RFC 1918, IPv6 unique-local fc00::/7 and the old site-local fec0::/10) and link-local
 * (169.254/16, fe80::/10). Two rules use this: plaintext upstream streams are allowed without forcing only
 * to such addresses, and addresses learnt from DNS are refused when they are such addresses (a spoofed or
 * hostile DNS answer must not point Portico at the machine itself or at the internal network).
 */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** Whether the address is loopback, unspecified, private or link-local. */
    public static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        // fc00::/7, unique-local IPv6 (RFC 4193); the JDK only knows the deprecated site-local fec0::/10.
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }

    /**
     * Whether a configured upstream host (as {@link NetworkNames#host} normalised it) is known to be local
     * without asking DNS: {@code localhost} or a local IP literal. Any other name could resolve anywhere.
     */
    static boolean isLocalHost(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!NetworkNames.isIpLiteral(host)) {
            return false;
        }
        try {
            // An IP literal is parsed, never looked up.
            return isLocal(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
