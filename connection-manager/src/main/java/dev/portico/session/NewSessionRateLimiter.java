package dev.portico.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Limits how fast one client address (an IPv6 one by its /64, see {@link AddressGroup}) may open new
 * sessions (limits.new-sessions-per-ip-per-minute): a token
 * bucket per address, kept in a Caffeine cache that forgets quiet addresses, so a flood of distinct
 * addresses cannot grow it without bound. Thread-safe.
 */
public final class NewSessionRateLimiter {
    private final int perMinute;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    public NewSessionRateLimiter(int perMinute, Ticker ticker) {
        this.perMinute = perMinute;
        this.ticker = ticker;
        this.buckets = Caffeine.newBuilder()
            .ticker(ticker)
            // Upkeep runs on the calling thread: no pool thread started for it (the thread count stays flat).
            .executor(Runnable::run)
            .expireAfterAccess(Duration.ofMinutes(2))
            .maximumSize(100_000)
            .build();
    }

    /** Takes one token for the address; false when it opened too many sessions lately. */
    public boolean tryAcquire(String address) {
        if (perMinute <= 0) {
            return true;
        }
        Bucket bucket = buckets.get(address, a -> new Bucket(perMinute, ticker.read()));
        return bucket.take(perMinute, ticker.read());
    }

    /** Tokens refill continuously at perMinute per minute, up to perMinute (the allowed burst). */
    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.updatedNanos = now;
        }

        synchronized boolean take(int perMinute, long now) {
            double refill = (now - updatedNanos) * perMinute / (double) TimeUnit.MINUTES.toNanos(1);
            tokens = Math.min(perMinute, tokens + refill);
            updatedNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
