package dev.portico.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.portico.session.AddressGroup;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections one client address (an IPv6 one by its /64) holds open at once
 * ({@code limits.max-connections-per-ip}): open WebSockets, counted from the upgrade, and BOSH requests
 * in flight, counted from arrival until answered. Session limits apply only at {@code <open/>}; without
 * this, idle WebSockets that never open a stream were accepted and never counted.
 *
 * <p>Thread-safe. Each address's count changes only inside {@link ConcurrentHashMap#compute}, which is
 * atomic per key, so a release racing an acquire can neither lose a count nor drop an entry in use; an
 * entry is removed when its count reaches zero, so the map holds only addresses with open connections.
 */
public final class ConnectionLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final int maxPerAddress;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be positive, was " + maxPerAddress);
        }
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts one more connection from the address; null (nothing counted) when it is at the cap. */
    public Permit tryAcquire(String clientAddress) {
        String group = AddressGroup.of(clientAddress);
        AtomicBoolean granted = new AtomicBoolean();
        open.compute(group, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerAddress) {
                return n;
            }
            granted.set(true);
            return count + 1;
        });
        return granted.get() ? new Permit(group) : null;
    }

    /**
     * Counts one more connection for an HTTP request or upgrade, or refuses it: HTTP 429 and one log line.
     *
     * @param what names the connection in the log, e.g. "WebSocket upgrade"
     * @return the permit, or null when refused (the response has then been written)
     */
    public Permit admit(String clientAddress, String what, Request request, Response response, Callback callback) {
        Permit permit = tryAcquire(clientAddress);
        if (permit == null) {
            LOG.info("refused {} from {}: limits.max-connections-per-ip ({}) reached", what, clientAddress, maxPerAddress);
            Response.writeError(request, response, callback, HttpStatus.TOO_MANY_REQUESTS_429,
                "too many connections from your address");
        }
        return permit;
    }

    /** Connections open now from the address's group (for tests and metrics). */
    public int openFrom(String clientAddress) {
        return open.getOrDefault(AddressGroup.of(clientAddress), 0);
    }

    /** One counted connection; {@link #release} is idempotent, so every end path may call it. */
    public final class Permit {
        private final String group;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String group) {
            this.group = group;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(group, (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }
}
