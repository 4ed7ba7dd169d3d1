package dev.portico.delivery;

import java.util.concurrent.atomic.AtomicReference;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.impl.JidCreate;

/** A {@link Peer} on a real Smack connection (WebSocket, BOSH or TCP), logged in on construction. */
final class SmackPeer implements Peer {
    private final String name;
    private final AbstractXMPPConnection connection;
    private final AtomicReference<String> ended = new AtomicReference<>();

    SmackPeer(String name, AbstractXMPPConnection connection, Ledger ledger) throws Exception {
        this.name = name;
        this.connection = connection;
        connection.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                ended.compareAndSet(null, "closed on error: " + e);
            }

            @Override
            public void connectionClosed() {
                ended.compareAndSet(null, "closed");
            }
        });
        connection.addStanzaListener(stanza -> ledger.received(stanza.getStanzaId(), jid()), MessageTypeFilter.CHAT);
        connection.connect().login();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String jid() {
        return connection.getUser().toString();
    }

    @Override
    public void send(String to, String id, String body) throws Exception {
        connection.sendStanza(StanzaBuilder.buildMessage(id).to(JidCreate.from(to)).ofType(Message.Type.chat)
            .setBody(body).build());
    }

    @Override
    public String ended() {
        String why = ended.get();
        if (why == null && !connection.isAuthenticated()) {
            return "not authenticated any more";
        }
        return why;
    }

    @Override
    public void close() {
        ended.compareAndSet(null, "closed by the test");
        connection.disconnect();
    }
}
