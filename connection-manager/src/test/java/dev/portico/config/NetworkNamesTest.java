package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkNamesTest {
    @Test
    void hostsAcceptIpv4Ipv6AndDnsNames() {
        assertThat(NetworkNames.host("k", "192.168.0.1")).isEqualTo("192.168.0.1");
        assertThat(NetworkNames.host("k", "::")).isEqualTo("::");
        assertThat(NetworkNames.host("k", "[2001:DB8::1]")).isEqualTo("2001:db8::1");
        assertThat(NetworkNames.host("k", "LocalHost")).isEqualTo("localhost");
        assertThat(NetworkNames.host("k", "xmpp-1.example.com")).isEqualTo("xmpp-1.example.com");
    }

    @Test
    void dottedDigitsAreOnlyEverAnIpv4Address() {
        assertThat(Failures.thrownBy(() -> NetworkNames.host("k", "256.0.0.1")).problem()).contains("'256.0.0.1'");
    }

    @Test
    void originsKeepNonDefaultPortsAndDropDefaultOnes() {
        assertThat(NetworkNames.origin("k", "http://localhost:7070")).isEqualTo("http://localhost:7070");
        assertThat(NetworkNames.origin("k", "https://example.com:80")).isEqualTo("https://example.com:80");
        assertThat(NetworkNames.origin("k", "http://example.com:80")).isEqualTo("http://example.com");
        assertThat(NetworkNames.origin("k", "http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(NetworkNames.origin("k", "moz-extension://abc123")).isEqualTo("moz-extension://abc123");
    }

    @Test
    void proxiesAcceptAddressesAndCidrRangesOfBothFamilies() {
        assertThat(NetworkNames.proxy("k", "10.0.0.0/8")).isEqualTo("10.0.0.0/8");
        assertThat(NetworkNames.proxy("k", "192.168.1.7")).isEqualTo("192.168.1.7");
        assertThat(NetworkNames.proxy("k", "FD00::/8")).isEqualTo("fd00::/8");
        assertThat(NetworkNames.proxy("k", "::1/128")).isEqualTo("::1/128");
    }

    @Test
    void domainNamesMayBeSingleLabelsAndAreLowerCased() {
        assertThat(NetworkNames.domainName("k", "localhost")).isEqualTo("localhost");
        assertThat(NetworkNames.domainName("k", "Chat.EXAMPLE.org")).isEqualTo("chat.example.org");
        assertThat(Failures.thrownBy(() -> NetworkNames.domainName("k", "")).problem()).contains("(got '')");
    }
}
