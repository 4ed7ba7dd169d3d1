package dev.portico.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.portico.config.DemoConfig;
import dev.portico.testing.SmackClients;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterGroup;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The demo server behind Portico, as {@code bin/portico} runs it, used by real Smack clients: alice and bob
 * log in over WebSocket and over BOSH, see each other in their rosters (subscription both, group Friends)
 * and online, and exchange a message each way; carol, in nobody's roster, asks alice for a subscription; a
 * message to a user who is offline waits for their next log-in.
 */
class DemoServerChatTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private DemoStack stack;
    private final List<AbstractXMPPConnection> connections = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        stack = DemoStack.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AbstractXMPPConnection c : connections) {
            c.disconnect();
        }
        stack.close();
    }

    @Test
    void aliceAndBobChatOverWebSocket() throws Exception {
        chat(user -> SmackClients.webSocket(stack.webSocketUri(), stack.domain(), user, stack.password()));
    }

    @Test
    void aliceAndBobChatOverBosh() throws Exception {
        chat(user -> SmackClients.bosh("127.0.0.1", stack.httpPort(), stack.boshPath(), stack.domain(), user,
            stack.password()));
    }

    @Test
    void carolsSubscriptionRequestReachesAlice() throws Exception {
        AbstractXMPPConnection alice = login("alice", this::webSocket);
        Roster.getInstanceFor(alice).setSubscriptionMode(Roster.SubscriptionMode.manual);
        CompletableFuture<Presence> request = new CompletableFuture<>();
        alice.addAsyncStanzaListener(stanza -> request.complete((Presence) stanza),
            new AndFilter(PresenceTypeFilter.SUBSCRIBE, FromMatchesFilter.createBare(bare("carol"))));

        AbstractXMPPConnection carol = login("carol", this::webSocket);
        assertThat(Roster.getInstanceFor(carol).getEntries()).isEmpty();
        carol.sendStanza(carol.getStanzaFactory().buildPresenceStanza()
            .ofType(Presence.Type.subscribe).to(bare("alice")).build());

        Presence received = request.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received.getFrom().asBareJid().toString()).isEqualTo("carol@" + stack.domain());
        assertThat(Roster.getInstanceFor(alice).getEntry(bare("carol"))).isNull();
    }

    @Test
    void messageToOfflineBobWaitsForHisNextLogin() throws Exception {
        AbstractXMPPConnection alice = login("alice", this::webSocket);
        send(alice, bare("bob"), "see you tomorrow");

        AbstractXMPPConnection bob = webSocket("bob");
        connections.add(bob);
        BlockingQueue<Message> bobInbox = inbox(bob);
        bob.connect();
        bob.login();
        Message atBob = bobInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atBob).as("alice's message, kept while bob was offline").isNotNull();
        assertThat(atBob.getBody()).isEqualTo("see you tomorrow");
    }

    @Test
    void configuredDomainAndPasswordAreServed() throws Exception {
        stack.close();
        stack = DemoStack.start(new DemoConfig(true, "chat.test", "s3cret"));
        AbstractXMPPConnection alice = login("alice", this::webSocket);
        assertThat(alice.getUser().asBareJid().toString()).isEqualTo("alice@chat.test");
        assertFriend(alice, "bob");
    }

    @Test
    void porticoInFrontOfTheDemoIsHealthy() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(stack.uri("/healthz")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private void chat(Function<String, AbstractXMPPConnection> transport) throws Exception {
        AbstractXMPPConnection alice = login("alice", transport);
        BlockingQueue<Message> aliceInbox = inbox(alice);
        AbstractXMPPConnection bob = login("bob", transport);
        BlockingQueue<Message> bobInbox = inbox(bob);

        assertFriend(alice, "bob");
        assertFriend(bob, "alice");
        await().atMost(WAIT).until(() -> Roster.getInstanceFor(alice).getPresence(bare("bob")).isAvailable());
        await().atMost(WAIT).until(() -> Roster.getInstanceFor(bob).getPresence(bare("alice")).isAvailable());

        send(alice, bob.getUser(), "hello bob");
        Message atBob = bobInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atBob).as("alice's message at bob").isNotNull();
        assertThat(atBob.getBody()).isEqualTo("hello bob");
        assertThat(atBob.getFrom().asBareJid().toString()).isEqualTo("alice@" + stack.domain());

        send(bob, alice.getUser(), "hi alice");
        Message atAlice = aliceInbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(atAlice).as("bob's message at alice").isNotNull();
        assertThat(atAlice.getBody()).isEqualTo("hi alice");
        assertThat(atAlice.getFrom().asBareJid().toString()).isEqualTo("bob@" + stack.domain());
    }

    private void assertFriend(AbstractXMPPConnection owner, String friend) throws Exception {
        Roster roster = Roster.getInstanceFor(owner);
        roster.reloadAndWait();
        RosterEntry entry = roster.getEntry(bare(friend));
        assertThat(entry).as("%s in %s's roster", friend, owner.getUser()).isNotNull();
        assertThat(entry.getType()).isEqualTo(RosterPacket.ItemType.both);
        assertThat(entry.getGroups()).extracting(RosterGroup::getName).containsExactly(DemoDirectory.GROUP);
        assertThat(roster.getEntry(bare("carol"))).isNull();
    }

    private AbstractXMPPConnection webSocket(String user) {
        return SmackClients.webSocket(stack.webSocketUri(), stack.domain(), user, stack.password());
    }

    private AbstractXMPPConnection login(String user, Function<String, AbstractXMPPConnection> transport)
            throws Exception {
        AbstractXMPPConnection connection = transport.apply(user);
        connections.add(connection);
        connection.connect();
        connection.login();
        return connection;
    }

    private static BlockingQueue<Message> inbox(AbstractXMPPConnection connection) {
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        connection.addAsyncStanzaListener(stanza -> inbox.add((Message) stanza), MessageWithBodiesFilter.INSTANCE);
        return inbox;
    }

    private static void send(AbstractXMPPConnection from, Jid to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to).setBody(body).build());
    }

    private EntityBareJid bare(String user) {
        try {
            return JidCreate.entityBareFrom(user + "@" + stack.domain());
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
