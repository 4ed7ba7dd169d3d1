package dev.portico.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** Proves {@link EjabberdServer} with real Smack clients straight against ejabberd over TCP. */
class EjabberdServerTest {

    private static EjabberdServer ejabberd;

    @BeforeAll
    static void start() {
        ejabberd = EjabberdServer.builder().users("carol").rosterBoth("alice", "bob", "Friends").start();
        System.out.println("ejabberd start-up: " + ejabberd.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (ejabberd != null) {
            Path dir = ejabberd.dir();
            long pid = ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("beam"))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            ejabberd.close();
            assertThat(dir).doesNotExist();
            assertThat(pid).isPositive();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        }
    }

    @Test
    void scramAndPlainLoginsSeeTheRosterMadeWithEjabberdctl() throws Exception {
        XMPPTCPConnection alice = SmackClients.tcp(ejabberd, "alice", SmackClients.SCRAM_SHA_1);
        XMPPTCPConnection bob = SmackClients.tcp(ejabberd, "bob", SmackClients.PLAIN);
        try {
            alice.connect().login();
            bob.connect().login();
            Roster roster = Roster.getInstanceFor(alice);
            roster.reloadAndWait();
            RosterEntry entry = roster.getEntry(JidCreate.bareFrom("bob@localhost"));
            assertThat(entry).isNotNull();
            assertThat(entry.getType()).isEqualTo(RosterPacket.ItemType.both);
            assertThat(entry.getGroups()).extracting(g -> g.getName()).containsExactly("Friends");
            assertThat(ejabberd.ctl(List.of(List.of("connected_users_info")))).contains("alice@localhost/")
                .contains("bob@localhost/");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void starttlsIsOfferedWithTheTestCertificateAndUsersCanBeAddedWhileRunning() throws Exception {
        ejabberd.register("dave");
        XMPPTCPConnection dave = SmackClients.tcp(SmackClients.tcpConfig(ejabberd, "dave", null)
            .setSecurityMode(SecurityMode.required));
        try {
            dave.connect().login();
            assertThat(dave.isSecureConnection()).isTrue();
            assertThat(dave.getUser().asBareJid().toString()).isEqualTo("dave@localhost");
        } finally {
            dave.disconnect();
        }
    }
}
