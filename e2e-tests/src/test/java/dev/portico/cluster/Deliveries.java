package dev.portico.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test's ledger: every message id a client sent, whether the server acknowledged it (XEP-0198
 * {@code <a h/>}), and how often it arrived. "Lost" means acknowledged by the server and never received.
 */
final class Deliveries {
    private final Map<String, String> recipient = new ConcurrentHashMap<>();
    private final Map<String, Boolean> acked = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong bounced = new AtomicLong();
    private final List<String> strays = new java.util.concurrent.CopyOnWriteArrayList<>();

    void created(String id, String to) {
        recipient.put(id, to);
    }

    void acked(String id) {
        acked.put(id, Boolean.TRUE);
    }

    void resent() {
        resent.incrementAndGet();
    }

    void bounced() {
        bounced.incrementAndGet();
    }

    void received(String id, String user) {
        String to = recipient.get(id);
        if (to == null || !to.equals(user)) {
            strays.add(id + " at " + user);
        }
        received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    long sent() {
        return recipient.size();
    }

    long ackedCount() {
        return acked.size();
    }

    long receivedCount() {
        return received.size();
    }

    /** Acknowledged by the server, never received: what the test must never see. */
    List<String> lost() {
        List<String> lost = new ArrayList<>();
        acked.keySet().forEach(id -> {
            if (!received.containsKey(id)) {
                lost.add(id + " to " + recipient.get(id));
            }
        });
        return lost;
    }

    /** Sent (maybe not yet acknowledged) and not received. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        recipient.forEach((id, to) -> {
            if (!received.containsKey(id)) {
                missing.add(id + " to " + to);
            }
        });
        return missing;
    }

    long duplicates() {
        return received.values().stream().filter(n -> n.get() > 1).count();
    }

    long resentCount() {
        return resent.get();
    }

    long bouncedCount() {
        return bounced.get();
    }

    List<String> strays() {
        return List.copyOf(strays);
    }
}
