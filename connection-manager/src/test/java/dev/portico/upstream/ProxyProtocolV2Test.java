package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * {@link ProxyProtocolV2} against HAProxy's PROXY protocol specification, section 2.2: every byte of the
 * header written out by hand from the text, for both address families, mixed families and LOCAL.
 */
class ProxyProtocolV2Test {
    /** §2.2: "\x0D \x0A \x0D \x0A \x00 \x0D \x0A \x51 \x55 \x49 \x54 \x0A". */
    private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void ipv4IsProxyCommandTcp4TwelveAddressBytesThenPorts() throws Exception {
        ByteBuffer header = ProxyProtocolV2.header(at("203.0.113.7", 51000), at("127.0.0.1", 7070));
        assertThat(hex(header)).isEqualTo(SIGNATURE
            + "21"          // version 2 (high nibble), command PROXY (low nibble)
            + "11"          // AF_INET (high nibble), STREAM (low nibble)
            + "000c"        // 12 bytes follow
            + "cb007107"    // source 203.0.113.7
            + "7f000001"    // destination 127.0.0.1
            + "c738"        // source port 51000
            + "1b9e");      // destination port 7070
        assertThat(header.position()).isZero();
        assertThat(header.remaining()).isEqualTo(28);
    }

    @Test
    void ipv6IsProxyCommandTcp6ThirtySixAddressBytesThenPorts() throws Exception {
        ByteBuffer header = ProxyProtocolV2.header(at("2001:db8::7", 443), at("::1", 5222));
        assertThat(hex(header)).isEqualTo(SIGNATURE + "21" + "21" + "0024"
            + "20010db8000000000000000000000007"
            + "00000000000000000000000000000001"
            + "01bb" + "1466");
        assertThat(header.remaining()).isEqualTo(52);
    }

    @Test
    void mixedFamiliesAreBothSentAsIpv6WithTheIpv4AddressMapped() throws Exception {
        ByteBuffer header = ProxyProtocolV2.header(at("2001:db8::7", 0), at("10.0.0.2", 40000));
        assertThat(hex(header)).isEqualTo(SIGNATURE + "21" + "21" + "0024"
            + "20010db8000000000000000000000007"
            + "00000000000000000000ffff0a000002"
            + "0000" + "9c40");
    }

    @Test
    void anUnknownSourceIsALocalCommandWithNoAddresses() throws Exception {
        ByteBuffer header = ProxyProtocolV2.header(null, at("127.0.0.1", 40000));
        // LOCAL: "the receiver must accept this connection as valid and must use the real connection endpoints".
        assertThat(hex(header)).isEqualTo(SIGNATURE + "20" + "00" + "0000");
    }
}
