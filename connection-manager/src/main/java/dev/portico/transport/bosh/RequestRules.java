package dev.portico.transport.bosh;

import java.util.List;

/**
 * The rate rules of XEP-0124 §11 (overactivity) and §12 (polling sessions), exactly as written: only a
 * client breaking them gets {@code policy-violation}. Remembers the previous request processed (for §12);
 * confined to its session's lock.
 */
final class RequestRules {
    /**
     * A request the connection manager has not answered yet, as §11 sees it.
     *
     * @param rid          its rid
     * @param plainEmpty   no payloads, no {@code pause}, no {@code type='terminate'}
     * @param arrivedNanos when it arrived (ticker time)
     */
    record Pending(long rid, boolean plainEmpty, long arrivedNanos) {
        static Pending of(BoshRequest request, long arrivedNanos) {
            return new Pending(request.rid(), request.isPlainEmpty(), arrivedNanos);
        }
    }

    private final SessionTerms terms;
    private final long pollingNanos;
    private long previousArrival;
    private long previousRid;
    private boolean previousEmpty;

    RequestRules(SessionTerms terms, BoshSettings settings, long creationArrival) {
        this.terms = terms;
        this.pollingNanos = settings.polling().toNanos();
        this.previousArrival = creationArrival;
        this.previousRid = terms.creationRid();
    }

    /**
     * §11, checked when a new request arrives, over every request not answered yet ({@code unanswered}: the
     * new one, those held, the one whose payloads are being written, those waiting for a gap; any order).
     * Overactive: more of them than 'requests' (one more when the new one is a pause or terminate), or,
     * outside polling sessions, exactly 'requests' of them whose last two in rid order (the order the client
     * sent them) are both plain empty and arrived sooner than 'polling' apart.
     *
     * <p>Only unanswered requests count, and "last two" is by rid, not "this one and the one processed
     * before it": requests travel on separate connections, so a client that got an answer and then sends an
     * empty request and at once a stanza may have the stanza arrive first. Judging the empty one against the
     * previous, already answered, empty request killed healthy sessions under steady chat (issue 8).
     */
    boolean overactive(BoshRequest request, List<Pending> unanswered) {
        boolean pauseOrTerminate = request.isTerminate() || request.pause() >= 0;
        int count = unanswered.size();
        if (count > terms.requests() + (pauseOrTerminate ? 1 : 0)) {
            return true;
        }
        if (terms.polling() || count != terms.requests() || count < 2) {
            return false;
        }
        Pending newest = null;
        Pending second = null;
        for (Pending p : unanswered) {
            if (newest == null || p.rid() > newest.rid()) {
                second = newest;
                newest = p;
            } else if (second == null || p.rid() > second.rid()) {
                second = p;
            }
        }
        return newest.plainEmpty() && second.plainEmpty()
            && Math.abs(newest.arrivedNanos() - second.arrivedNanos()) < pollingNanos;
    }

    /**
     * §12, checked in rid order: in a polling session, two consecutive plain empty requests sooner than
     * 'polling' apart when the answer to the first carried nothing. Records the request either way.
     */
    boolean pollsTooFast(BoshRequest request, long arrived, ResponseCache answers) {
        boolean plainEmpty = request.isPlainEmpty();
        boolean violation = false;
        if (terms.polling() && plainEmpty && previousEmpty && previousRid == request.rid() - 1
            && arrived - previousArrival < pollingNanos) {
            ResponseCache.Entry before = answers.get(request.rid() - 1);
            violation = before == null || !before.hadPayloads();
        }
        previousEmpty = plainEmpty;
        previousRid = request.rid();
        previousArrival = arrived;
        return violation;
    }
}
