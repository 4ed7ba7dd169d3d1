package dev.portico.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portico.testing.RawWebSocketClient;

/**
 * A {@link Peer} speaking raw RFC 7395 frames: what Portico sends is read frame by frame on a thread of
 * its own, so a stream error or {@code <close/>} is noticed as soon as it arrives.
 */
final class RawWebSocketPeer implements Peer {
    private static final Pattern MESSAGE_ID = Pattern.compile("^<message\\b[^>]*?\\sid=['\"]([^'\"]+)['\"]");
    private static final Pattern CHAT = Pattern.compile("^<message\\b[^>]*?\\stype=['\"]chat['\"]");

    private final String name;
    private final RawWebSocketClient client;
    private final String jid;
    private final AtomicReference<String> ended = new AtomicReference<>();
    private final Thread reader;
    private volatile boolean closing;

    RawWebSocketPeer(String name, java.net.URI uri, String domain, String user, String password, Ledger ledger)
            throws Exception {
        this.name = name;
        this.client = RawWebSocketClient.connect(uri, null);
        this.jid = client.login(domain, user, password);
        this.reader = new Thread(() -> read(ledger), "raw-ws-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Ledger ledger) {
        try {
            while (!closing) {
                String frame = client.poll(Duration.ofMillis(200));
                if (frame == null) {
                    if (client.isClosed()) {
                        ended.compareAndSet(null, "socket closed");
                        return;
                    }
                    continue;
                }
                Matcher m = MESSAGE_ID.matcher(frame);
                if (m.find() && CHAT.matcher(frame).find()) {
                    ledger.received(m.group(1), jid);
                } else if (frame.startsWith("<stream:error") || frame.startsWith("<close")) {
                    ended.compareAndSet(null, frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String jid() {
        return jid;
    }

    @Override
    public void send(String to, String id, String body) throws Exception {
        client.send("<message xmlns='jabber:client' to='" + to + "' type='chat' id='" + id + "'><body>" + body
            + "</body></message>");
    }

    @Override
    public String ended() {
        return ended.get();
    }

    @Override
    public void close() {
        closing = true;
        ended.compareAndSet(null, "closed by the test");
        try {
            reader.join(2_000);
            client.close();
        } catch (Exception e) {
            // the test is over; a failing close changes nothing it asserted
        }
    }
}
