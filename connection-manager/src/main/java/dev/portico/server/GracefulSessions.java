package dev.portico.server;

import java.util.concurrent.CompletableFuture;

import dev.portico.session.ClientSession;
import dev.portico.session.SessionRegistry;
import org.eclipse.jetty.util.component.Graceful;

/**
 * The graceful part of stopping (SIGTERM): before Jetty closes its connectors, every WebSocket session is
 * told {@code system-shutdown} and its upstream stream is closed cleanly; BOSH sessions are ended by the
 * BOSH handler the same way. Jetty waits (up to the stop timeout) until the registry has drained.
 */
final class GracefulSessions implements Graceful {
    private final SessionRegistry registry;
    private volatile boolean shutdown;

    GracefulSessions(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        shutdown = true;
        CompletableFuture<Void> drained = registry.drain();
        for (ClientSession session : registry.snapshot()) {
            if (!"bosh".equals(session.transport())) {
                session.shutdown();
            }
        }
        return drained;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }
}
