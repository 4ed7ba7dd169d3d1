package dev.portico.delivery;

/**
 * One logged-in chat client in a delivery test, whatever its library and transport: it sends messages
 * with a given id, reports every message it receives to the {@link Ledger}, and says whether its session
 * ended and how.
 */
interface Peer extends AutoCloseable {
    /** A short name for reports, e.g. {@code smack-bosh-3}; the sender prefix in the ledger. */
    String name();

    /** The full JID bound for this session. */
    String jid();

    /**
     * Sends one chat message with id {@code id} to {@code to}; returns once the client library accepted it.
     *
     * @throws Exception when the client refuses it (the session is gone)
     */
    void send(String to, String id, String body) throws Exception;

    /** Null while the session is open; otherwise how it ended, as the client saw it. */
    String ended();

    @Override
    void close();
}
