package dev.portico.transport.bosh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Live BOSH sessions by sid: a Caffeine cache whose per-entry expiry is the session's idle limit
 * (inactivity, the pause granted, or longer while requests are held). Eviction closes the session's
 * upstream stream. Caffeine evicts lazily, so its clean-up is scheduled on the injected Jetty
 * {@link Scheduler}; an inactive session ends on time even when no other request arrives. Thread-safe.
 */
final class BoshSessions implements BoshSession.Owner {
    private final Cache<String, BoshSession> cache;

    BoshSessions(Ticker ticker, Scheduler scheduler, Executor executor) {
        this.cache = Caffeine.newBuilder()
            .ticker(ticker)
            .executor(executor)
            .scheduler((exec, command, delay, unit) -> {
                CompletableFuture<Void> done = new CompletableFuture<>();
                scheduler.schedule(() -> {
                    exec.execute(command);
                    done.complete(null);
                }, delay, unit);
                return done;
            })
            .expireAfter(new Expiry<String, BoshSession>() {
                @Override
                public long expireAfterCreate(String sid, BoshSession session, long now) {
                    return session.idleLimitNanos();
                }

                @Override
                public long expireAfterUpdate(String sid, BoshSession session, long now, long current) {
                    return session.idleLimitNanos();
                }

                @Override
                public long expireAfterRead(String sid, BoshSession session, long now, long current) {
                    return current;
                }
            })
            .removalListener((String sid, BoshSession session, RemovalCause cause) -> {
                if (session != null && cause.wasEvicted()) {
                    session.expire();
                }
            })
            .build();
    }

    void add(BoshSession session) {
        cache.put(session.sid(), session);
    }

    /** The live session with this sid, or null. */
    BoshSession get(String sid) {
        return sid == null ? null : cache.getIfPresent(sid);
    }

    @Override
    public void activity(BoshSession session) {
        cache.policy().expireVariably().ifPresent(policy -> {
            if (cache.asMap().get(session.sid()) == session) {
                policy.setExpiresAfter(session.sid(), session.idleLimitNanos(), TimeUnit.NANOSECONDS);
            }
        });
    }

    @Override
    public void ended(BoshSession session) {
        cache.asMap().remove(session.sid(), session);
    }

    /** Runs pending expirations now (tests with a fake ticker; the scheduler does it in production). */
    void cleanUp() {
        cache.cleanUp();
    }

    long size() {
        return cache.estimatedSize();
    }

    /** Every live session, for shutdown. */
    Iterable<BoshSession> all() {
        return java.util.List.copyOf(cache.asMap().values());
    }
}
