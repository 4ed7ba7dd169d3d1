package dev.portico.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A scripted TCP peer on loopback playing the XMPP server, for what no real server does on purpose (a
 * hostile or broken upstream, a server that stops reading) and for interleavings that must be forced.
 * Everything else is tested against the real Prosody.
 */
public final class ScriptedXmppPeer implements Closeable {
    /** A server stream header for {@code example.test}. */
    public static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        + "xmlns:stream='http://etherx.jabber.org/streams' from='example.test' id='s1' version='1.0'>";
    /** Stream features without STARTTLS. */
    public static final String FEATURES = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
        + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";

    private final ServerSocket listener;
    private Socket connection;

    public ScriptedXmppPeer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** The port Portico should connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Accepts Portico's connection and reads up to the end of its stream header. */
    public Socket acceptAndReadHeader() throws IOException {
        connection = listener.accept();
        connection.setSoTimeout(10_000);
        readUntil("version='1.0'");
        return connection;
    }

    /** Sends text as UTF-8 in one write. */
    public void send(String xml) throws IOException {
        connection.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
        connection.getOutputStream().flush();
    }

    /** Reads until {@code marker} was seen (failing after the socket timeout); returns what was read. */
    public String readUntil(String marker) throws IOException {
        InputStream in = connection.getInputStream();
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before " + marker + ", got " + seen);
            }
            seen.append((char) b);
        }
        return seen.toString();
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
        listener.close();
    }
}
