package dev.portico.session;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portico.xml.StreamErrorCondition;

/**
 * Every live client session, whatever its transport: enforces the global and per-IP session limits and
 * feeds the metrics. Thread-safe.
 */
public final class SessionRegistry {
    private final int maxSessions;
    private final int maxPerIp;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> perIp = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final Map<StreamErrorCondition, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile boolean draining;
    /** Set once while the server is wired, before any session exists. */
    private volatile SessionEvents events = SessionEvents.NONE;

    private final NewSessionRateLimiter rate;
    private final LoginGuard logins;

    public SessionRegistry(int maxSessions, int maxPerIp) {
        this(maxSessions, maxPerIp, new NewSessionRateLimiter(0, Ticker.systemTicker()));
    }

    public SessionRegistry(int maxSessions, int maxPerIp, NewSessionRateLimiter rate) {
        this(maxSessions, maxPerIp, rate, new LoginGuard(0, Ticker.systemTicker()));
    }

    public SessionRegistry(int maxSessions, int maxPerIp, NewSessionRateLimiter rate, LoginGuard logins) {
        this.maxSessions = maxSessions;
        this.maxPerIp = maxPerIp;
        this.rate = rate;
        this.logins = logins;
    }

    /** Failed logins per client address (issue 9 item 10). */
    LoginGuard logins() {
        return logins;
    }

    /**
     * Reserves a slot for a new session from the address; false when a limit is reached. Per-address
     * limits count an IPv6 address's whole /64 ({@link AddressGroup}).
     */
    boolean admit(ClientSession session) {
        String group = AddressGroup.of(session.clientAddress());
        if (draining || sessions.size() >= maxSessions || !rate.tryAcquire(group)) {
            return false;
        }
        // Counted inside compute (atomic per key): a separate get-then-increment could bump a counter that
        // a concurrent remove() had just dropped from the map, and that session would go uncounted.
        AtomicBoolean admitted = new AtomicBoolean();
        perIp.compute(group, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerIp) {
                return n;
            }
            admitted.set(true);
            return count + 1;
        });
        if (!admitted.get()) {
            return false;
        }
        sessions.put(session.id(), session);
        opened.incrementAndGet();
        events.opened(session);
        return true;
    }

    void remove(ClientSession session, boolean withError) {
        if (sessions.remove(session.id()) != null) {
            perIp.computeIfPresent(AddressGroup.of(session.clientAddress()), (k, n) -> n <= 1 ? null : n - 1);
            if (withError) {
                failed.incrementAndGet();
            }
            events.ended(session, session.endReason());
        }
        if (draining && sessions.isEmpty()) {
            drained.complete(null);
        }
    }

    /**
     * Stops admitting sessions; the future completes once the last live one has ended (used by the
     * graceful shutdown, which ends them).
     */
    public CompletableFuture<Void> drain() {
        draining = true;
        if (sessions.isEmpty()) {
            drained.complete(null);
        }
        return drained;
    }

    /** True once {@link #drain()} was called: the node is stopping and admits no new session. */
    public boolean isDraining() {
        return draining;
    }

    /** Who hears of sessions opening, ending and their traffic (metrics, the session-end log). */
    public void observe(SessionEvents observer) {
        this.events = observer;
    }

    SessionEvents events() {
        return events;
    }

    /** Stream errors that ended sessions since start with this condition. */
    public long errorCount(StreamErrorCondition condition) {
        LongAdder n = errors.get(condition);
        return n == null ? 0 : n.sum();
    }

    /** Counts a stream error that ended a session (whoever caused it: browser, server or network). */
    void countError(StreamErrorCondition condition) {
        errors.computeIfAbsent(condition, c -> new LongAdder()).increment();
    }

    /** Stream errors that ended sessions since start, by condition. */
    public Map<StreamErrorCondition, Long> errorCounts() {
        Map<StreamErrorCondition, Long> counts = new java.util.EnumMap<>(StreamErrorCondition.class);
        errors.forEach((c, n) -> counts.put(c, n.sum()));
        return counts;
    }

    /** Live sessions by transport ("websocket", "bosh"). */
    public Map<String, Long> sizeByTransport() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        sessions.values().forEach(s -> counts.merge(s.transport(), 1L, Long::sum));
        return counts;
    }

    /** Number of live sessions. */
    public int size() {
        return sessions.size();
    }

    /** Sessions opened since start. */
    public long openedTotal() {
        return opened.get();
    }

    /** Sessions that ended with a stream error since start. */
    public long failedTotal() {
        return failed.get();
    }

    /** Whether a session with this id is live. */
    public boolean contains(String id) {
        return sessions.containsKey(id);
    }

    /** A snapshot of live sessions. */
    public Collection<ClientSession> snapshot() {
        return List.copyOf(sessions.values());
    }
}
