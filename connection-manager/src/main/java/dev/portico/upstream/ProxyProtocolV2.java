package dev.portico.upstream;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The binary header of the PROXY protocol version 2 (HAProxy's specification, section 2.2), which tells
 * the XMPP server the browser's address on a connection that Portico opened: the first bytes of the
 * upstream TCP connection, before the stream header and before any TLS.
 *
 * <pre>
 * 12 bytes  signature \r\n\r\n\0\r\nQUIT\n
 *  1 byte   0x21: version 2, command PROXY    (0x20: LOCAL, addresses unknown)
 *  1 byte   0x11: TCP over IPv4, 0x21: TCP over IPv6   (0x00: unspecified, with LOCAL)
 *  2 bytes  length of what follows, big endian: 12 (IPv4), 36 (IPv6), 0 (LOCAL)
 *  then     source address, destination address, source port, destination port
 * </pre>
 *
 * When the two addresses are of different families both are sent as IPv6, the IPv4 one mapped
 * ({@code ::ffff:a.b.c.d}), as the specification asks of a sender.
 */
public final class ProxyProtocolV2 {
    /** The 12-byte signature every version 2 header starts with. */
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte VERSION_2_PROXY = 0x21;
    private static final byte VERSION_2_LOCAL = 0x20;
    private static final byte TCP_OVER_IPV4 = 0x11;
    private static final byte TCP_OVER_IPV6 = 0x21;
    private static final byte UNSPECIFIED = 0x00;

    private ProxyProtocolV2() {
    }

    /**
     * The header for a connection on behalf of {@code source}.
     *
     * @param source      the browser's address as Portico sees it; null if unknown, which yields a LOCAL header
     *                    (the server then uses the connection's own addresses)
     * @param destination the address the connection was made from on Portico's side
     * @return a buffer ready to be written, position 0
     */
    public static ByteBuffer header(InetSocketAddress source, InetSocketAddress destination) {
        if (source == null || source.getAddress() == null || destination == null || destination.getAddress() == null) {
            ByteBuffer local = ByteBuffer.allocate(16).put(SIGNATURE).put(VERSION_2_LOCAL).put(UNSPECIFIED)
                .putShort((short) 0);
            return local.flip();
        }
        InetAddress from = source.getAddress();
        InetAddress to = destination.getAddress();
        boolean ipv4 = from instanceof Inet4Address && to instanceof Inet4Address;
        byte[] fromBytes = ipv4 ? from.getAddress() : ipv6(from);
        byte[] toBytes = ipv4 ? to.getAddress() : ipv6(to);
        int length = 2 * fromBytes.length + 4;
        ByteBuffer header = ByteBuffer.allocate(16 + length)
            .put(SIGNATURE).put(VERSION_2_PROXY).put(ipv4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6).putShort((short) length)
            .put(fromBytes).put(toBytes)
            .putShort((short) source.getPort()).putShort((short) destination.getPort());
        return header.flip();
    }

    private static byte[] ipv6(InetAddress address) {
        if (address instanceof Inet6Address) {
            return address.getAddress();
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        return mapped;
    }
}
