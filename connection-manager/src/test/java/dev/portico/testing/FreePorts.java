package dev.portico.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds TCP ports on the loopback interface that are free at the time of the call.
 *
 * <p>The port is released before it is returned, so another process may take it in between;
 * callers that start a server on it should detect a bind failure and try again with a new port.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a port that was free on {@code 127.0.0.1} a moment ago.
     *
     * @return a TCP port number between 1024 and 65535
     * @throws UncheckedIOException if no socket can be bound
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a free port on 127.0.0.1", e);
        }
    }

    /**
     * Returns {@code count} distinct ports that were free on {@code 127.0.0.1} a moment ago.
     *
     * @param count how many ports, at least 1
     * @return distinct port numbers
     */
    public static int[] find(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        Set<Integer> seen = new HashSet<>();
        int[] ports = new int[count];
        int i = 0;
        while (i < count) {
            int port = find();
            if (seen.add(port)) {
                ports[i++] = port;
            }
        }
        return ports;
    }
}
