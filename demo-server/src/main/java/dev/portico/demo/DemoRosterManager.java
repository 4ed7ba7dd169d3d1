package dev.portico.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.vysper.xmpp.addressing.Entity;
import org.apache.vysper.xmpp.modules.roster.MutableRoster;
import org.apache.vysper.xmpp.modules.roster.Roster;
import org.apache.vysper.xmpp.modules.roster.RosterItem;
import org.apache.vysper.xmpp.modules.roster.persistence.AbstractRosterManager;

/**
 * In-memory rosters that MINA's I/O threads may read and change at once. Vysper's own
 * {@code MemoryRosterManager} keeps them in plain hash maps, which several sessions on different I/O
 * threads would corrupt.
 */
final class DemoRosterManager extends AbstractRosterManager {
    private final Map<Entity, MutableRoster> rosters = new ConcurrentHashMap<>();

    @Override
    protected Roster retrieveRosterInternal(Entity bareJid) {
        return rosters.computeIfAbsent(bareJid.getBareJID(), jid -> new SafeRoster());
    }

    @Override
    protected Roster addNewRosterInternal(Entity jid) {
        return retrieveRosterInternal(jid);
    }

    /** A roster whose items sit behind one lock; iteration walks a snapshot. */
    private static final class SafeRoster extends MutableRoster {
        private final Map<Entity, RosterItem> items = new LinkedHashMap<>();

        @Override
        public synchronized Iterator<RosterItem> iterator() {
            List<RosterItem> snapshot = new ArrayList<>(items.values());
            return snapshot.iterator();
        }

        @Override
        public synchronized RosterItem getEntry(Entity contact) {
            return items.get(contact);
        }

        @Override
        public synchronized void addItem(RosterItem rosterItem) {
            if (rosterItem == null || rosterItem.getJid() == null) {
                throw new IllegalArgumentException("roster item and its jid must not be null");
            }
            items.put(rosterItem.getJid().getBareJID(), rosterItem);
        }
    }
}
