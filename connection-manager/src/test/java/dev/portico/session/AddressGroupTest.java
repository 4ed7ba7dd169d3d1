package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Per-address limits: IPv4 addresses count alone, IPv6 addresses by their /64. */
class AddressGroupTest {
    @Test
    void ipv6AddressesInOneSlash64ShareAGroup() {
        assertThat(AddressGroup.of("2001:db8:1:2::1")).isEqualTo(AddressGroup.of("2001:db8:1:2:ffff:ffff:ffff:ffff"))
            .isEqualTo(AddressGroup.of("[2001:0db8:0001:0002:0:0:0:9]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressGroup.of("2001:db8:1:3::1")).isNotEqualTo(AddressGroup.of("2001:db8:1:2::1"));
    }

    @Test
    void ipv4AddressesAndLabelsStandAlone() {
        assertThat(AddressGroup.of("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(AddressGroup.of("203.0.113.10")).isNotEqualTo(AddressGroup.of("203.0.113.9"));
        assertThat(AddressGroup.of("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(AddressGroup.of("not:an:address:x")).isEqualTo("not:an:address:x");
    }
}
