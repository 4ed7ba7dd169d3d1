package dev.portico.demo;

import java.util.List;

import org.apache.vysper.storage.OpenStorageProviderRegistry;
import org.apache.vysper.xmpp.addressing.Entity;
import org.apache.vysper.xmpp.addressing.EntityImpl;
import org.apache.vysper.xmpp.authorization.SimpleUserAuthorization;
import org.apache.vysper.xmpp.modules.roster.AskSubscriptionType;
import org.apache.vysper.xmpp.modules.roster.RosterException;
import org.apache.vysper.xmpp.modules.roster.RosterGroup;
import org.apache.vysper.xmpp.modules.roster.RosterItem;
import org.apache.vysper.xmpp.modules.roster.SubscriptionType;

/**
 * The demo's accounts and rosters, in memory: {@code alice}, {@code bob} and {@code carol} share one
 * password; alice and bob have each other in their rosters with subscription {@code both} in the group
 * {@value #GROUP}; carol is in nobody's roster (she is there to send a subscription request). Messages and
 * subscription requests to an offline user wait for their next log-in ({@link DemoOfflineStore}).
 */
final class DemoDirectory {
    /** The demo account names, in the order the start-up banner mentions them. */
    static final List<String> USERS = List.of("alice", "bob", "carol");
    /** The roster group alice and bob share. */
    static final String GROUP = "Friends";

    private DemoDirectory() {
    }

    /** Vysper storage holding the accounts of {@link #USERS} on {@code domain} and the seeded rosters. */
    static OpenStorageProviderRegistry create(String domain, String password) {
        SimpleUserAuthorization accounts = new SimpleUserAuthorization();
        for (String user : USERS) {
            accounts.addUser(jid(user, domain), password);
        }
        DemoRosterManager rosters = new DemoRosterManager();
        befriend(rosters, jid("alice", domain), jid("bob", domain));
        OpenStorageProviderRegistry storage = new OpenStorageProviderRegistry();
        storage.add(accounts);
        storage.add(rosters);
        storage.add(new DemoOfflineStore());
        return storage;
    }

    private static void befriend(DemoRosterManager rosters, Entity a, Entity b) {
        try {
            rosters.addContact(a, friend(b));
            rosters.addContact(b, friend(a));
        } catch (RosterException e) {
            throw new IllegalStateException("cannot seed the demo rosters", e);
        }
    }

    private static RosterItem friend(Entity contact) {
        String node = contact.getNode();
        String name = Character.toUpperCase(node.charAt(0)) + node.substring(1);
        return new RosterItem(contact, name, SubscriptionType.BOTH, AskSubscriptionType.NOT_SET,
            List.of(new RosterGroup(GROUP)));
    }

    private static Entity jid(String user, String domain) {
        return new EntityImpl(user, domain, null);
    }
}
