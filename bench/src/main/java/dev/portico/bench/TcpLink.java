package dev.portico.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A direct c2s connection: a plain blocking socket (no TLS, so the server must not require it) with
 * one reader thread that splits the stream into elements. The baseline every gateway is compared to.
 */
public final class TcpLink extends XmppLink {
    private final Socket socket;
    private final OutputStream out;

    private TcpLink(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code host:port} and starts the reader thread. */
    public static TcpLink connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        TcpLink link = new TcpLink(socket);
        Thread reader = new Thread(link::readLoop, "tcp-reader-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
        return link;
    }

    private void readLoop() {
        StreamSplitter splitter = new StreamSplitter(this::received);
        byte[] chunk = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                splitter.feed(chunk, 0, n);
            }
        } catch (IOException e) {
            // closed by us or by the server: either way the session is over
        } finally {
            ended();
        }
    }

    @Override
    public void send(String element) {
        byte[] bytes = element.getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected void openStream(String domain) {
        send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " to='" + domain + "' version='1.0'>");
    }

    @Override
    protected void closeTransport() {
        try {
            send("</stream:stream>");
        } catch (UncheckedIOException e) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
