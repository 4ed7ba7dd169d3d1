package dev.portico.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

import org.eclipse.jetty.io.ClientConnectionFactory;

/**
 * Puts the PROXY protocol v2 header ({@link ProxyProtocolV2}) on a new upstream connection before
 * anything else: before the stream header, and before the TLS handshake of STARTTLS or direct TLS.
 *
 * @param client the browser's address as Portico sees it; null if unknown (a LOCAL header is sent)
 */
record ProxyHeader(InetSocketAddress client) {

    /**
     * Wraps the factory of a new upstream connection: the header goes out on the freshly connected socket
     * before {@code next} creates the connection that will write the stream (or start TLS).
     */
    ClientConnectionFactory before(ClientConnectionFactory next) {
        return (endPoint, context) -> {
            SocketAddress local = endPoint.getLocalSocketAddress();
            ByteBuffer header = ProxyProtocolV2.header(client, local instanceof InetSocketAddress inet ? inet : null);
            // The socket has just connected and nothing has been written yet: a header of at most 52 bytes fits
            // its empty send buffer, so one non-blocking flush writes it whole. Should it not, the connection
            // fails rather than send the stream without the header the server's listener expects.
            if (!endPoint.flush(header) || header.hasRemaining()) {
                throw new IOException("could not write the PROXY protocol header to " + endPoint.getRemoteSocketAddress());
            }
            return next.newConnection(endPoint, context);
        };
    }
}
