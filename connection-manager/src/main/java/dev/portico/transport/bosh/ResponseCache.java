package dev.portico.transport.bosh;

import java.util.TreeMap;

/**
 * The responses a client may still ask for again (XEP-0124 §14.3), by rid. Holds at most
 * {@code capacity} entries and forgets those the client acknowledged (§9.2). Confined to its session's
 * lock.
 */
final class ResponseCache {
    /** One response exactly as sent, so a retransmission is byte-identical. */
    record Entry(long rid, int status, byte[] body, long sentAtNanos, boolean hadPayloads) {
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final int capacity;

    ResponseCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    void put(Entry entry) {
        entries.put(entry.rid(), entry);
        while (entries.size() > capacity) {
            entries.pollFirstEntry();
        }
    }

    Entry get(long rid) {
        return entries.get(rid);
    }

    /** Forgets every response up to and including {@code rid}: the client has them. */
    void forgetUpTo(long rid) {
        entries.headMap(rid, true).clear();
    }

    int size() {
        return entries.size();
    }
}
