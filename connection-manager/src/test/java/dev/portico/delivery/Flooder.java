package dev.portico.delivery;

/**
 * Sends a fixed volume of chat messages to one sink as fast as its client accepts them, on a thread of its
 * own: the user is throttled by the XMPP server, so the flood backs up into Portico.
 */
final class Flooder {
    private final Peer peer;
    private final String sinkJid;
    private final int bytes;
    private final Ledger ledger;
    private final Thread thread;
    private volatile String failure;
    private volatile int sent;
    private volatile long millis;

    Flooder(Peer peer, String sinkJid, int bytes, Ledger ledger) {
        this.peer = peer;
        this.sinkJid = sinkJid;
        this.bytes = bytes;
        this.ledger = ledger;
        this.thread = new Thread(this::flood, "flood-" + peer.name());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void flood() {
        String filler = "f".repeat(900);
        int messages = Math.max(1, bytes / 1_000);
        long start = System.nanoTime();
        for (int i = 0; i < messages && peer.ended() == null; i++) {
            String id = peer.name() + "." + i;
            ledger.sending(id, peer.name(), sinkJid);
            try {
                peer.send(sinkJid, id, filler);
                sent = i + 1;
                millis = (System.nanoTime() - start) / 1_000_000;
            } catch (Exception e) {
                // Whether this one got through is unknown, so it stays owed unless the session ended with an error.
                failure = e.toString();
                return;
            }
        }
    }

    /** Waits for the flood to be handed over completely (or to stop on a failure). */
    void join() throws InterruptedException {
        thread.join();
    }

    Peer peer() {
        return peer;
    }

    int sent() {
        return sent;
    }

    /** How long the client took to accept the messages handed over (informative: the throttle shows here). */
    long millis() {
        return millis;
    }

    /** Null, or why the client stopped accepting messages. */
    String failure() {
        return failure;
    }
}
