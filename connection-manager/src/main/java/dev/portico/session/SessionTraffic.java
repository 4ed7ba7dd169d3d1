package dev.portico.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's byte counts, each way. Each direction has one writer at a time (the transport's demand
 * or the I/O thread), but the status page reads them from anywhere, so they are atomics: an uncontended
 * add, no lock.
 */
public final class SessionTraffic {
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();

    void addToServer(int bytes) {
        toServer.addAndGet(bytes);
    }

    void addToClient(int bytes) {
        toClient.addAndGet(bytes);
    }

    /** Stanza bytes sent from the browser to the server. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Stanza bytes sent from the server to the browser. */
    public long bytesToClient() {
        return toClient.get();
    }
}
