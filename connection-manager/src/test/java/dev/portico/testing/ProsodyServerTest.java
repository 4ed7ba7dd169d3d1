package dev.portico.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** Proves {@link ProsodyServer} and {@link SmackClients} with real Smack clients straight against Prosody. */
class ProsodyServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static ProsodyServer prosody;

    private final List<AbstractXMPPConnection> connections = new ArrayList<>();

    @BeforeAll
    static void startProsody() {
        prosody = ProsodyServer.builder()
                .domain("localhost")
                .users("alice", "bob", "carol")
                .password("secret")
                .requireEncryption(false)
                .rosterBoth("alice", "bob", "Friends")
                .component("conference.localhost", "muc", "restrict_room_creation = false")
                .start();
    }

    @AfterAll
    static void stopProsody() {
        if (prosody != null) {
            prosody.close();
            assertThat(prosody.dir()).doesNotExist();
        }
    }

    @AfterEach
    void disconnectAll() {
        connections.forEach(AbstractXMPPConnection::disconnect);
    }

    @Test
    void fixtureLayout() {
        assertThat(prosody.isAlive()).isTrue();
        assertThat(prosody.c2sPort()).isNotEqualTo(prosody.httpPort());
        assertThat(prosody.dir().toString()).hasSizeLessThan(40);
        assertThat(prosody.certificatePem()).content().contains("BEGIN CERTIFICATE");
        assertThat(prosody.trustStorePkcs12()).isRegularFile();
        assertThat(prosody.users()).containsExactly("alice", "bob", "carol");
        assertThat(prosody.webSocketUri()).isEqualTo("ws://127.0.0.1:" + prosody.httpPort() + "/xmpp-websocket");
        assertThat(prosody.logTail()).contains("Activated service 'c2s'");
    }

    @Test
    void aComponentIsServedAndListedInDiscoItems() throws Exception {
        XMPPTCPConnection carol = track(SmackClients.tcp(prosody, "carol"));
        carol.connect().login();
        var disco = ServiceDiscoveryManager.getInstanceFor(carol);
        assertThat(disco.discoverItems(JidCreate.domainBareFrom("localhost")).getItems())
                .extracting(item -> item.getEntityID().toString()).contains("conference.localhost");
        assertThat(disco.discoverInfo(JidCreate.domainBareFrom("conference.localhost"))
                .containsFeature("http://jabber.org/protocol/muc")).isTrue();
    }

    @Test
    void tcpScramAndPlainRosterPresenceAndMessage() throws Exception {
        XMPPTCPConnection bob = track(SmackClients.tcp(prosody, "bob", SmackClients.PLAIN));
        bob.connect().login();
        assertThat(bob.getUsedSaslMechansism()).isEqualTo("PLAIN");
        BlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(stanza -> bobInbox.add((Message) stanza), StanzaTypeFilter.MESSAGE);

        XMPPTCPConnection alice = track(SmackClients.tcp(prosody, "alice", SmackClients.SCRAM_SHA_1));
        alice.connect().login();
        assertThat(alice.getUsedSaslMechansism()).isEqualTo("SCRAM-SHA-1");
        assertThat(alice.isSecureConnection()).isFalse();

        Roster aliceRoster = Roster.getInstanceFor(alice);
        aliceRoster.reloadAndWait();
        RosterEntry bobEntry = aliceRoster.getEntry(bare("bob@localhost"));
        assertThat(bobEntry).isNotNull();
        assertThat(bobEntry.getType()).isEqualTo(RosterPacket.ItemType.both);
        assertThat(bobEntry.getGroups()).extracting(g -> g.getName()).containsExactly("Friends");
        assertThat(aliceRoster.getEntry(bare("carol@localhost"))).isNull();

        Roster bobRoster = Roster.getInstanceFor(bob);
        await().atMost(WAIT).until(() -> bobRoster.getPresence(bare("alice@localhost")).isAvailable());

        alice.sendStanza(MessageBuilder.buildMessage()
                .to(bare("bob@localhost"))
                .ofType(Message.Type.chat)
                .setBody("hello bob")
                .build());
        Message received = bobInbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(received).as("message alice -> bob").isNotNull();
        assertThat(received.getBody()).isEqualTo("hello bob");
        assertThat(received.getFrom().asBareJid().toString()).isEqualTo("alice@localhost");
    }

    @Test
    void prosodyWebSocketEndpointWithBothMechanisms() throws Exception {
        for (String mechanism : List.of(SmackClients.SCRAM_SHA_1, SmackClients.PLAIN)) {
            var ws = SmackClients.webSocket(prosody.webSocketUri(), prosody.domain(), "carol",
                    prosody.password(), mechanism);
            track(ws);
            ws.connect().login();
            assertThat(ws.isAuthenticated()).isTrue();
            assertThat(ws.getUsedSaslMechansism()).isEqualTo(mechanism);
            assertThat(ws.getUser().asBareJid().toString()).isEqualTo("carol@localhost");
            ws.disconnect();
        }
    }

    @Test
    void prosodyBoshEndpointWithBothMechanisms() throws Exception {
        for (String mechanism : List.of(SmackClients.SCRAM_SHA_1, SmackClients.PLAIN)) {
            var bosh = SmackClients.bosh("127.0.0.1", prosody.httpPort(), "/http-bind", prosody.domain(),
                    "carol", prosody.password(), mechanism);
            track(bosh);
            bosh.connect().login();
            assertThat(bosh.isAuthenticated()).isTrue();
            assertThat(bosh.getUsedSaslMechansism()).isEqualTo(mechanism);
            assertThat(bosh.getUser().asBareJid().toString()).isEqualTo("carol@localhost");
            bosh.disconnect();
        }
    }

    @Test
    void webSocketAndBoshClientsChat() throws Exception {
        var alice = track(SmackClients.webSocket(prosody.webSocketUri(), prosody.domain(), "alice",
                prosody.password()));
        var bob = track(SmackClients.bosh("127.0.0.1", prosody.httpPort(), "/http-bind", prosody.domain(),
                "bob", prosody.password()));
        bob.connect().login();
        BlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(stanza -> bobInbox.add((Message) stanza), StanzaTypeFilter.MESSAGE);
        alice.connect().login();
        await().atMost(WAIT).until(() -> Roster.getInstanceFor(bob).getPresence(bare("alice@localhost")).isAvailable());

        alice.sendStanza(MessageBuilder.buildMessage().to(bob.getUser()).ofType(Message.Type.chat)
                .setBody("over websocket to bosh").build());
        Message received = bobInbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(received).isNotNull();
        assertThat(received.getBody()).isEqualTo("over websocket to bosh");
    }

    @Test
    void requiredEncryptionNeedsStartTls() throws Exception {
        try (ProsodyServer tls = ProsodyServer.builder().users("dave").requireEncryption(true).start()) {
            XMPPTCPConnection dave = track(SmackClients.tcp(tls, "dave", SmackClients.SCRAM_SHA_1));
            dave.connect().login();
            assertThat(dave.isSecureConnection()).isTrue();
            assertThat(dave.getUsedSaslMechansism()).isEqualTo("SCRAM-SHA-1");
            dave.disconnect();

            // Without TLS, Prosody offers no SASL mechanism at all.
            XMPPTCPConnection plain = track(SmackClients.tcp(
                    SmackClients.tcpConfig(tls, "dave", null).setSecurityMode(SecurityMode.disabled)));
            assertThatThrownBy(() -> plain.connect().login())
                    .isInstanceOf(SmackException.class);
        }
    }

    @Test
    void killRefusesConnectionsAndRestartKeepsPortsAndData() throws Exception {
        try (ProsodyServer server = ProsodyServer.builder().users("erin", "frank")
                .rosterBoth("erin", "frank", null).start()) {
            int c2s = server.c2sPort();
            int http = server.httpPort();
            XMPPTCPConnection erin = track(SmackClients.tcp(server, "erin"));
            erin.connect().login();

            server.kill();
            assertThat(server.isAlive()).isFalse();
            assertThat(canConnect(c2s)).isFalse();
            assertThat(canConnect(http)).isFalse();
            await().atMost(WAIT).until(() -> !erin.isConnected());

            server.restart();
            assertThat(server.isAlive()).isTrue();
            assertThat(server.c2sPort()).isEqualTo(c2s);
            assertThat(server.httpPort()).isEqualTo(http);
            XMPPTCPConnection again = track(SmackClients.tcp(server, "erin", SmackClients.PLAIN));
            again.connect().login();
            Roster roster = Roster.getInstanceFor(again);
            roster.reloadAndWait();
            assertThat(roster.getEntry(bare("frank@localhost")).getType()).isEqualTo(RosterPacket.ItemType.both);
        }
    }

    private <C extends AbstractXMPPConnection> C track(C connection) {
        connections.add(connection);
        return connection;
    }

    private static EntityBareJid bare(String jid) throws Exception {
        return JidCreate.entityBareFrom(jid);
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
