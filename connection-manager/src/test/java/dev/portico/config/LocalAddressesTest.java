package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses count as local (loopback, private, link-local) for the plaintext and DNS rules. */
class LocalAddressesTest {
    @ParameterizedTest(name = "{0} is local")
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1",
        "172.31.255.254", "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1"})
    void localAddresses(String literal) throws Exception {
        assertThat(LocalAddresses.isLocal(InetAddress.getByName(literal))).isTrue();
        assertThat(LocalAddresses.isLocalHost(NetworkNames.host("k", literal))).isTrue();
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "11.0.0.1", "100.64.0.1",
        "2001:db8::1", "2a00:1450::1", "fe00::1", "::ffff:8.8.8.8"})
    void publicAddresses(String literal) throws Exception {
        assertThat(LocalAddresses.isLocal(InetAddress.getByName(literal))).isFalse();
        assertThat(LocalAddresses.isLocalHost(NetworkNames.host("k", literal))).isFalse();
    }

    @ParameterizedTest(name = "host name {0}")
    @ValueSource(strings = {"xmpp.example.com", "prosody", "localhost.example.com", "127.0.0.1.nip.io"})
    void aHostNameOtherThanLocalhostIsNeverKnownToBeLocal(String name) {
        assertThat(LocalAddresses.isLocalHost(name)).isFalse();
    }

    @ParameterizedTest(name = "host name {0}")
    @ValueSource(strings = {"localhost", "LocalHost"})
    void localhostIsLocal(String name) {
        assertThat(LocalAddresses.isLocalHost(NetworkNames.host("k", name))).isTrue();
    }
}
