package dev.portico.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which message ids were sent, to whom, and how often each arrived. Senders record an id before handing
 * the stanza to their client, so a receipt can never precede its record.
 */
final class Ledger {
    private record Sent(String from, String to) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final List<String> strays = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Records a message about to be sent. */
    void sending(String id, String from, String to) {
        sent.put(id, new Sent(from, to));
    }

    /** The client refused the message (threw): it was never accepted, so it is not owed. */
    void notAccepted(String id) {
        sent.remove(id);
    }

    /** A message arrived at {@code receiver}. */
    void received(String id, String receiver) {
        Sent s = sent.get(id);
        if (s == null || !s.to().equals(receiver)) {
            strays.add(id + " at " + receiver + (s == null ? " (never sent)" : " (sent to " + s.to() + ")"));
        }
        received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    int sentCount() {
        return sent.size();
    }

    /** Sent ids whose sender name starts with {@code prefix} and that have not arrived yet. */
    List<String> missing(String prefix) {
        List<String> missing = new ArrayList<>();
        sent.forEach((id, s) -> {
            if (s.from().startsWith(prefix) && !received.containsKey(id)) {
                missing.add(id + " from " + s.from() + " to " + s.to());
            }
        });
        return missing;
    }

    /** How many ids sent by senders whose name starts with {@code prefix} arrived at least once. */
    long delivered(String prefix) {
        return sent.entrySet().stream().filter(e -> e.getValue().from().startsWith(prefix))
            .filter(e -> received.containsKey(e.getKey())).count();
    }

    /** How many ids sent by senders whose name starts with {@code prefix}. */
    long sent(String prefix) {
        return sent.values().stream().filter(s -> s.from().startsWith(prefix)).count();
    }

    /** Ids that arrived more than once, with their count. */
    List<String> duplicates() {
        List<String> dups = new ArrayList<>();
        received.forEach((id, n) -> {
            if (n.get() > 1) {
                dups.add(id + " x" + n.get());
            }
        });
        return dups;
    }

    /** Receipts of ids never sent, or sent to someone else. */
    List<String> strays() {
        return List.copyOf(strays);
    }
}
