package dev.portico.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;

/**
 * Slows down, then stops, password guessing from one client address ({@code limits.auth-failures-per-ip-per-hour}).
 *
 * <p>The XMPP server sees only Portico's address, so its own brute-force protection would either miss a
 * guesser or lock everybody out: Portico counts the SASL {@code <failure/>} answers the server gives to
 * each client address (an IPv6 address by its /64) over the last hour. From {@link #SLOW_AFTER} failures
 * on, a new session from that address must wait after the last failure, twice as long with each further
 * one (1 s, 2 s, 4 s … at most {@link #MAX_WAIT}); at the limit new sessions are refused, and a session
 * that gets one more failure is ended, until failures age out of the hour. A success does not reset the
 * count: otherwise a guesser holding one valid account could wipe it between guesses.
 *
 * <p>Thread-safe. Counts live in a Caffeine cache bounded in size and forgotten an hour after an
 * address's last failure; each address's timestamps are guarded by their own small lock, taken only on a
 * failure and when a session from an address with failures asks to start.
 */
public final class LoginGuard {
    /** Failures within the hour before new sessions are slowed down. */
    static final int SLOW_AFTER = 5;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int limit;
    private final Ticker ticker;
    private final Cache<String, Failures> failures;

    /** {@code limit} failures per hour per address group refuse new sessions; 0 turns the guard off. */
    public LoginGuard(int limit, Ticker ticker) {
        this.limit = limit;
        this.ticker = ticker;
        this.failures = Caffeine.newBuilder()
            .ticker(ticker)
            // Upkeep runs on the calling thread: no pool thread started for it (the thread count stays flat).
            .executor(Runnable::run)
            .expireAfterWrite(Duration.ofNanos(HOUR))
            .maximumSize(100_000)
            .build();
    }

    /**
     * Whether a new session from {@code address} may start now: null if so, else the reason, for the
     * browser ({@code policy-violation} text) and the log.
     */
    public String refusal(String address) {
        if (limit <= 0) {
            return null;
        }
        Failures f = failures.getIfPresent(group(address));
        if (f == null) {
            return null;
        }
        long now = ticker.read();
        long wait = f.waitNanos(now, limit);
        if (wait <= 0) {
            return null;
        }
        return "too many failed logins from your address; try again in " + seconds(wait) + " s";
    }

    /**
     * Sees an element the server sends to a browser from {@code address}; counts SASL failures. Returns
     * true when the address is now over the limit: the session should end rather than let it guess again.
     */
    public boolean overLimitAfter(String address, ParsedElement fromServer) {
        if (limit <= 0 || !fromServer.is("failure", Namespaces.SASL)) {
            return false;
        }
        // compute() is a write: the entry's hour of expiry restarts from this failure.
        Failures f = failures.asMap().compute(group(address), (a, known) -> known != null ? known : new Failures());
        return f.add(ticker.read()) >= limit;
    }

    /** The failures counted for the address's group within the last hour (tests, metrics). */
    int failuresWithinHour(String address) {
        Failures f = failures.getIfPresent(group(address));
        return f == null ? 0 : f.count(ticker.read());
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    /** IPv4 as is, IPv6 by its /64, like every per-address limit ({@link AddressGroup}). */
    static String group(String address) {
        return AddressGroup.of(address);
    }

    /**
     * Failures of one address group per minute over the last hour: constant size whatever the limit. The
     * window slides by whole minutes, so a refusal may last up to a minute longer than exactly an hour.
     */
    private static final class Failures {
        private static final int MINUTES = 60;
        private final long[] minuteOf = new long[MINUTES];
        private final int[] counts = new int[MINUTES];
        private long last;

        /** Records a failure; returns the failures within the hour, this one included. */
        synchronized int add(long now) {
            long minute = Math.floorDiv(now, MINUTE);
            int i = Math.floorMod(minute, MINUTES);
            if (minuteOf[i] != minute || counts[i] == 0) {
                minuteOf[i] = minute;
                counts[i] = 0;
            }
            counts[i]++;
            last = now;
            return count(now);
        }

        synchronized int count(long now) {
            long minute = Math.floorDiv(now, MINUTE);
            int n = 0;
            for (int i = 0; i < MINUTES; i++) {
                if (counts[i] > 0 && minute - minuteOf[i] < MINUTES) {
                    n += counts[i];
                }
            }
            return n;
        }

        /** How long a new session must still wait, 0 or less if it may start. */
        synchronized long waitNanos(long now, int limit) {
            int count = count(now);
            if (count >= limit) {
                // Refused until enough minutes have left the hour to bring the count under the limit.
                long minute = Math.floorDiv(now, MINUTE);
                for (long m = minute - MINUTES + 1; m <= minute; m++) {
                    int i = Math.floorMod(m, MINUTES);
                    if (minuteOf[i] == m) {
                        count -= counts[i];
                    }
                    if (count < limit) {
                        return (m + MINUTES) * MINUTE - now;
                    }
                }
                return HOUR;
            }
            if (count < SLOW_AFTER) {
                return 0;
            }
            int doublings = Math.min(count - SLOW_AFTER, 30);
            long backoff = Math.min(TimeUnit.SECONDS.toNanos(1L << doublings), MAX_WAIT.toNanos());
            return last + backoff - now;
        }
    }
}
