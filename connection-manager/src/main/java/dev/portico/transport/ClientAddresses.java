package dev.portico.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.http.HttpFields;

/**
 * Finds the browser's address for per-IP limits and logs. Behind a reverse proxy every connection comes
 * from the proxy, so when the peer is one of {@code http.trusted-proxies} the address is taken from
 * {@code X-Forwarded-For}: the right-most entry that is not itself a trusted proxy (entries further left
 * could be forged by the client). Headers from untrusted peers are ignored. Thread-safe, immutable.
 */
public final class ClientAddresses {
    private final List<AddressRange> trusted;

    public ClientAddresses(List<String> trustedProxies) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String proxy : trustedProxies) {
            ranges.add(AddressRange.parse(proxy));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The client's address for a request from {@code peer} with these headers. */
    public String of(SocketAddress peer, HttpFields headers) {
        String direct = host(peer);
        if (trusted.isEmpty() || !isTrusted(direct)) {
            return direct;
        }
        List<String> chain = new ArrayList<>();
        for (String value : headers.getValuesList("X-Forwarded-For")) {
            for (String entry : value.split(",")) {
                String e = entry.trim();
                if (!e.isEmpty()) {
                    chain.add(e);
                }
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return chain.isEmpty() ? direct : chain.get(0);
    }

    /** True if the direct peer is one of the trusted proxies (so its {@code X-Forwarded-For} is believed). */
    public boolean isTrustedProxy(SocketAddress peer) {
        return isTrusted(host(peer));
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (AddressRange range : trusted) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static String host(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(address);
    }

    /**
     * The browser's address as a socket address with port 0 (the port is not known behind a proxy), for the
     * PROXY protocol header; null unless {@code address} is an IP literal (never a DNS lookup).
     */
    public static InetSocketAddress socketAddress(String address) {
        byte[] bytes = address == null ? null : literal(address);
        if (bytes == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), 0);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The bytes of an IP literal, or null for anything else (never a DNS lookup). */
    static byte[] literal(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean looksLikeIp = a.indexOf(':') >= 0 || a.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        if (!looksLikeIp || a.isEmpty()) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
