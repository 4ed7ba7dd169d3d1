package dev.portico.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted XMPP server on loopback for what no real server does on demand: after SASL PLAIN and resource
 * binding, each session behaves as its user's {@link Mode} says, e.g. it stops reading for good, or floods
 * the client without reading. Many connections at once, one thread each (a test fixture, not a server).
 * Only the tags it needs are recognised, by text; the client side is Portico, which sends well-formed XML.
 */
final class ScriptedXmppServer implements AutoCloseable {
    /** What a session does once its resource is bound. */
    enum Mode {
        /** Sends every {@code <message/>} back to its sender. */
        ECHO,
        /** Never reads again (the socket stays open): the server has stopped reading. */
        STOP_READING,
        /** Writes chat messages to the client as fast as the socket takes them, and reads (discards) everything. */
        FLOOD
    }

    private static final Pattern ID = Pattern.compile("\\sid=['\"]([^'\"]+)['\"]");

    private final String domain;
    private final Function<String, Mode> modes;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> flooded = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> read = new ConcurrentHashMap<>();
    private final Thread acceptor;

    /**
     * @param domain the domain it serves
     * @param modes  the behaviour for each user (local part), decided at bind time
     * @param receiveBuffer the accepted sockets' receive buffer in bytes, small so a stop shows at once
     */
    ScriptedXmppServer(String domain, Function<String, Mode> modes, int receiveBuffer) throws IOException {
        this.domain = domain;
        this.modes = modes;
        this.listener = new ServerSocket();
        listener.setReceiveBufferSize(receiveBuffer);
        listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::accept, "scripted-xmpp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Bytes written to {@code user}'s sessions in {@link Mode#FLOOD}. */
    long flooded(String user) {
        return flooded.computeIfAbsent(user, k -> new AtomicLong()).get();
    }

    /** Bytes read from {@code user}'s sessions after binding. */
    long read(String user) {
        return read.computeIfAbsent(user, k -> new AtomicLong()).get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-xmpp-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            Conversation c = new Conversation(socket);
            c.await("<stream:stream");
            c.await(">");
            c.send(header() + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>");
            String auth = c.await("</auth>");
            int payload = auth.indexOf('>', auth.lastIndexOf("<auth")) + 1;
            String plain = new String(Base64.getDecoder().decode(
                auth.substring(payload, auth.length() - "</auth>".length()).trim()), StandardCharsets.UTF_8);
            String user = plain.split("\0")[1];
            c.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            c.await("<stream:stream");
            c.await(">");
            c.send(header() + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
            String bind = c.await("</iq>");
            Matcher id = ID.matcher(bind);
            String jid = user + "@" + domain + "/raw";
            c.send("<iq type='result' id='" + (id.find() ? id.group(1) : "bind") + "'><bind "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>" + jid + "</jid></bind></iq>");
            switch (modes.apply(user)) {
                case ECHO -> echo(c, user);
                case STOP_READING -> stopReading(socket);
                case FLOOD -> flood(c, socket, user, jid);
            }
        } catch (IOException e) {
            // Portico closed the connection, or the test closed the server.
        }
    }

    private void echo(Conversation c, String user) throws IOException {
        while (true) {
            String upTo = c.await("</message>");
            read.computeIfAbsent(user, k -> new AtomicLong()).addAndGet(upTo.length());
            int start = upTo.lastIndexOf("<message");
            c.send(upTo.substring(start));
        }
    }

    private static void stopReading(Socket socket) throws IOException {
        // Hold the connection open without reading until someone closes it.
        while (!socket.isClosed()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (socket.isInputShutdown()) {
                return;
            }
        }
    }

    private void flood(Conversation c, Socket socket, String user, String jid) throws IOException {
        Thread drain = new Thread(() -> {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                while (in.read(buffer) >= 0) {
                    // discarded: keep-alives and the closing tag
                }
            } catch (IOException e) {
                // closed
            }
        }, "scripted-xmpp-drain");
        drain.setDaemon(true);
        drain.start();
        AtomicLong written = flooded.computeIfAbsent(user, k -> new AtomicLong());
        String filler = "x".repeat(900);
        for (long n = 0; ; n++) {
            byte[] message = ("<message xmlns='jabber:client' from='flood@" + domain + "/bot' to='" + jid
                + "' type='chat' id='flood" + n + "'><body>" + filler + "</body></message>").getBytes(StandardCharsets.UTF_8);
            try {
                c.out.write(message);
                c.out.flush();
            } catch (SocketException e) {
                return;
            }
            written.addAndGet(message.length);
        }
    }

    private String header() {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
            + "from='" + domain + "' id='s" + System.nanoTime() + "' version='1.0'>";
    }

    /** What was read but not consumed yet, and the socket's streams. */
    private static final class Conversation {
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder pending = new StringBuilder();

        Conversation(Socket socket) throws IOException {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads until {@code marker}; returns everything up to and including it, and consumes that. */
        String await(String marker) throws IOException {
            byte[] buffer = new byte[4096];
            int at;
            while ((at = pending.indexOf(marker)) < 0) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("closed before " + marker);
                }
                pending.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            String upTo = pending.substring(0, at + marker.length());
            pending.delete(0, at + marker.length());
            return upTo;
        }

        void send(String xml) throws IOException {
            out.write(xml.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
