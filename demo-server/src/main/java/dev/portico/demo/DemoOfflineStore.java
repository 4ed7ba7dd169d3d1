package dev.portico.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.vysper.xmpp.addressing.Entity;
import org.apache.vysper.xmpp.modules.extension.xep0160_offline_storage.OfflineStorageProvider;
import org.apache.vysper.xmpp.stanza.Stanza;

/**
 * Keeps chat messages and subscription requests for demo users who are offline and hands them over at their
 * next log-in (XEP-0160's rules: normal and chat messages, and the four subscription presence types). At
 * most {@value #PER_USER} stanzas are kept per user; later ones are dropped. Everything else addressed to an
 * offline user is dropped silently.
 *
 * <p>Vysper's own memory store starts a thread that never ends and keeps every stanza for a week.
 */
final class DemoOfflineStore implements OfflineStorageProvider {
    static final int PER_USER = 100;
    private static final Set<String> MESSAGE_TYPES = Set.of("normal", "chat");
    private static final Set<String> PRESENCE_TYPES = Set.of("subscribe", "subscribed", "unsubscribe", "unsubscribed");

    private final Map<String, Deque<Stanza>> waiting = new ConcurrentHashMap<>();

    @Override
    public void receive(Stanza stanza) {
        Entity to = stanza.getTo();
        if (to == null || !worthKeeping(stanza)) {
            return;
        }
        Deque<Stanza> queue = waiting.computeIfAbsent(to.getBareJID().getFullQualifiedName(), jid -> new ArrayDeque<>());
        synchronized (queue) {
            if (queue.size() < PER_USER) {
                queue.addLast(stanza);
            }
        }
    }

    @Override
    public Collection<Stanza> getStanzasForBareJID(String bareJid) {
        Deque<Stanza> queue = waiting.remove(bareJid);
        if (queue == null) {
            return List.of();
        }
        synchronized (queue) {
            return new ArrayList<>(queue);
        }
    }

    private static boolean worthKeeping(Stanza stanza) {
        String type = stanza.getAttributeValue("type");
        return switch (stanza.getName()) {
            case "message" -> type == null || MESSAGE_TYPES.contains(type);
            case "presence" -> type != null && PRESENCE_TYPES.contains(type);
            default -> false;
        };
    }
}
