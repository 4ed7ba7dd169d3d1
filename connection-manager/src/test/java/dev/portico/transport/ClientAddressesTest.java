package dev.portico.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** Which address per-IP limits see, with and without a trusted reverse proxy in front. */
class ClientAddressesTest {
    private static InetSocketAddress peer(String ip) {
        return new InetSocketAddress(ip, 40000);
    }

    private static HttpFields xff(String... values) {
        HttpFields.Mutable fields = HttpFields.build();
        for (String v : values) {
            fields.add("X-Forwarded-For", v);
        }
        return fields;
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddresses addresses = new ClientAddresses(List.of());
        assertThat(addresses.of(peer("198.51.100.7"), xff("203.0.113.9"))).isEqualTo("198.51.100.7");
    }

    @Test
    void aTrustedProxyIsSeenThroughToTheRightMostUntrustedHop() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.1"));
        // The client forged the first entry; the proxies appended the rest.
        assertThat(addresses.of(peer("10.1.2.3"), xff("1.2.3.4, 203.0.113.9", "192.0.2.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedPeerCannotSpoofItsAddress() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));
        assertThat(addresses.of(peer("198.51.100.7"), xff("203.0.113.9"))).isEqualTo("198.51.100.7");
    }

    @Test
    void aTrustedProxyWithoutHeaderIsTheClient() {
        ClientAddresses addresses = new ClientAddresses(List.of("127.0.0.1"));
        assertThat(addresses.of(peer("127.0.0.1"), HttpFields.EMPTY)).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6RangesMatch() {
        ClientAddresses addresses = new ClientAddresses(List.of("fd00::/8"));
        assertThat(addresses.of(peer("fd12::1"), xff("2001:db8::5"))).isEqualTo("2001:db8::5");
        assertThat(addresses.of(peer("fe80::1"), xff("2001:db8::5"))).isEqualTo("fe80:0:0:0:0:0:0:1");
    }

    @Test
    void garbageEntriesAreNeverLookedUpAndCountAsUntrusted() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8"));
        assertThat(addresses.of(peer("10.0.0.1"), xff("unknown"))).isEqualTo("unknown");
    }
}
