package dev.portico.transport.bosh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * XEP-0124 §14.2: requests are processed strictly in rid order. The window is {@code requests} wide
 * above the last rid processed; a request ahead of a gap is parked until the gap is filled. Confined to
 * its session's lock.
 *
 * @param <T> what is parked for a rid (the request and its exchange)
 */
final class RidWindow<T> {
    /** Where a rid falls relative to the window. */
    enum Position {
        /** Already received: a retransmission (§14.3). */
        SEEN,
        /** Inside the window: the next rid, or one ahead of a gap. */
        WITHIN,
        /** Above the window: {@code item-not-found}. */
        BEYOND
    }

    private final TreeMap<Long, T> parked = new TreeMap<>();
    private final int size;
    private long last;

    RidWindow(long firstRid, int size) {
        this.last = firstRid;
        this.size = size;
    }

    Position position(long rid) {
        if (rid <= last) {
            return Position.SEEN;
        }
        return rid > last + size ? Position.BEYOND : Position.WITHIN;
    }

    /** The last rid processed. */
    long last() {
        return last;
    }

    boolean isParked(long rid) {
        return parked.containsKey(rid);
    }

    /** The request parked for {@code rid}, or null. */
    T parkedAt(long rid) {
        return parked.get(rid);
    }

    /** Parks a request; returns the one it replaces for the same rid, or null. */
    T park(long rid, T item) {
        return parked.put(rid, item);
    }

    /** The next request in rid order if it is here (it then counts as processed), else null. */
    T next() {
        T item = parked.remove(last + 1);
        if (item != null) {
            last++;
        }
        return item;
    }

    /** The requests waiting for a gap, in rid order (a live view). */
    Collection<T> parkedItems() {
        return parked.values();
    }

    /** How many requests wait for a gap. */
    int parked() {
        return parked.size();
    }

    /** Removes and returns every parked request (the session ended). */
    List<T> drain() {
        List<T> all = new ArrayList<>(parked.values());
        parked.clear();
        return all;
    }
}
