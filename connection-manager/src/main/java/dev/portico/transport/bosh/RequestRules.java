package dev.portico.transport.bosh;

/**
 * The rate rules of XEP-0124 §11 (overactivity) and §12 (polling sessions), exactly as written: only a
 * client breaking them gets {@code policy-violation}. Remembers the previous new request; confined to
 * its session's lock.
 */
final class RequestRules {
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
     * §11, checked when a new request arrives: more unanswered requests than 'requests' (one more for a
     * pause or terminate), or, outside polling sessions, a plain empty request completing 'requests'
     * unanswered ones sooner than 'polling' after a previous request that was empty too. The last
     * condition is narrower than the XEP's sentence on purpose: real clients (Strophe.js, Smack/jbosh)
     * send an empty request right after a request with payloads is held, to keep one request open for
     * the server; punishing that would drop healthy sessions (seen in testing with Smack).
     */
    boolean overactive(BoshRequest request, int unansweredIncludingThis, long now) {
        boolean pauseOrTerminate = request.isTerminate() || request.pause() >= 0;
        if (unansweredIncludingThis > terms.requests() + (pauseOrTerminate ? 1 : 0)) {
            return true;
        }
        return !terms.polling() && !pauseOrTerminate && request.isEmpty() && previousEmpty
            && unansweredIncludingThis == terms.requests() && now - previousArrival < pollingNanos;
    }

    /**
     * §12, checked in rid order: in a polling session, two consecutive plain empty requests sooner than
     * 'polling' apart when the answer to the first carried nothing. Records the request either way.
     */
    boolean pollsTooFast(BoshRequest request, long arrived, ResponseCache answers) {
        boolean plainEmpty = request.isEmpty() && !request.isTerminate() && request.pause() < 0;
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
