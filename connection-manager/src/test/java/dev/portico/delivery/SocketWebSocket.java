package dev.portico.delivery;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An RFC 6455 client written on a bare socket, for what a WebSocket library will not do: a text frame
 * that is not UTF-8, a frame cut off half way, a connection dropped with a TCP reset instead of a close
 * handshake. Not thread-safe; one test thread drives it.
 */
final class SocketWebSocket implements AutoCloseable {
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private SocketWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and upgrades with subprotocol {@code xmpp}; fails unless the answer is 101. */
    static SocketWebSocket connect(int port, String path) throws IOException {
        return connect(port, path, 0);
    }

    /**
     * Like {@link #connect(int, String)} with the socket's receive buffer set first (0: the system's), so a
     * client that stops reading pushes back on the server at once.
     */
    static SocketWebSocket connect(int port, String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(10_000);
        SocketWebSocket ws = new SocketWebSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        return ws;
    }

    /** Sends one complete, masked text frame carrying exactly these bytes (valid UTF-8 or not). */
    void sendText(byte[] payload) throws IOException {
        writeFrame(payload, payload.length);
    }

    /** Sends one complete text frame of this string. */
    void sendText(String payload) throws IOException {
        sendText(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the header of a text frame announcing {@code declared} bytes, then only {@code part} of them. */
    void sendTruncated(byte[] part, int declared) throws IOException {
        writeFrame(part, declared);
    }

    /** The payload of the next text frame, or {@code "close:<code>"} for a close frame; null at end of stream. */
    String next() throws IOException {
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            int opcode = b0 & 0x0f;
            if (opcode == OP_CLOSE) {
                int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                return "close:" + code;
            }
            return opcode == OP_TEXT ? new String(payload, StandardCharsets.UTF_8) : next();
        } catch (EOFException e) {
            return null;
        }
    }

    /** Opens the stream, authenticates with SASL PLAIN, restarts and binds; returns the bound JID. */
    String login(String domain, String user, String password) throws IOException {
        String open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>";
        sendText(open);
        nextContaining("mechanisms");
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        sendText("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        nextContaining("<success");
        sendText(open);
        nextContaining("urn:ietf:params:xml:ns:xmpp-bind");
        sendText("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<resource>raw</resource></bind></iq>");
        String bound = nextContaining("</jid>");
        return bound.substring(bound.indexOf("<jid>") + 5, bound.indexOf("</jid>"));
    }

    private String nextContaining(String marker) throws IOException {
        String frame;
        while ((frame = next()) != null) {
            if (frame.contains(marker)) {
                return frame;
            }
        }
        throw new EOFException("connection closed before a frame containing " + marker);
    }

    /** Reads until the server's close frame and returns its status code; -1 if the socket ends without one. */
    int awaitClose() throws IOException {
        String frame;
        while ((frame = next()) != null) {
            if (frame.startsWith("close:")) {
                return Integer.parseInt(frame.substring(6));
            }
        }
        return -1;
    }

    /** Drops the connection with a TCP reset: no close frame, no FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void writeFrame(byte[] payload, int declared) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | OP_TEXT);
        if (declared < 126) {
            frame.write(0x80 | declared);
        } else if (declared <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(declared >>> 8);
            frame.write(declared);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) declared >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private String readHead() throws IOException {
        InputStream raw = in;
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = raw.read();
            if (c < 0) {
                throw new EOFException("connection closed during the upgrade: " + head);
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
