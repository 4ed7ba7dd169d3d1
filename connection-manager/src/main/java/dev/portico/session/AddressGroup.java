package dev.portico.session;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key per-address limits count under: an IPv4 address as it is, an IPv6 address by its /64 prefix.
 * One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses would give one client
 * 2^64 fresh quotas. Anything that is not an IP literal (a test's label) is its own key. Stateless.
 */
public final class AddressGroup {
    private AddressGroup() {
    }

    /** The group of a client address such as {@code 203.0.113.9} or {@code 2001:db8::1}. */
    public static String of(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
            : address;
        byte[] bytes;
        try {
            // Brackets make the JDK insist on an IPv6 literal: never a DNS lookup.
            bytes = InetAddress.getByName("[" + bare + "]").getAddress();
        } catch (UnknownHostException e) {
            return address;
        }
        if (bytes.length != 16) {
            // An IPv4-mapped address comes back as IPv4.
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        StringBuilder prefix = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
