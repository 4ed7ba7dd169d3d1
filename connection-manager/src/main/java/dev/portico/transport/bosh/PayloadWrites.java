package dev.portico.transport.bosh;

import java.util.List;

import dev.portico.xml.ParsedElement;

/**
 * The one request of a BOSH session whose payloads are being written upstream. Its stanzas go one at a
 * time, each after the previous write succeeded, so the upstream writer never holds more than one stanza of
 * this session and the request is held or answered (acknowledged) only once all of them were accepted.
 * Later requests wait in the rid window meanwhile. Confined to the session's lock.
 *
 * @param <A> the parked arrival (the request, its exchange, its arrival time)
 */
final class PayloadWrites<A> {
    private final long rid;
    private final List<ParsedElement> payloads;
    private final long chargedBytes;
    private A arrival;
    private int next;

    PayloadWrites(long rid, List<ParsedElement> payloads, long chargedBytes, A arrival) {
        this.rid = rid;
        this.payloads = payloads;
        this.chargedBytes = chargedBytes;
        this.arrival = arrival;
    }

    long rid() {
        return rid;
    }

    /** The bytes counted against the session's budget when the request arrived; released when it is done. */
    long chargedBytes() {
        return chargedBytes;
    }

    A arrival() {
        return arrival;
    }

    /** The client re-sent this rid on a new connection (§14.3): the answer goes there. Returns the old one. */
    A replaceArrival(A newer) {
        A old = arrival;
        arrival = newer;
        return old;
    }

    boolean hasNext() {
        return next < payloads.size();
    }

    /** The next stanza to write, in document order. */
    ParsedElement next() {
        return payloads.get(next++);
    }
}
