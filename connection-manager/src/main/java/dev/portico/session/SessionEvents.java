package dev.portico.session;

/**
 * What an observer (metrics, the session-end log) hears from client sessions. Calls come from transport
 * and I/O threads, often on the hot path: implementations must not block, lock or look anything up per
 * call (pre-resolve counters).
 */
public interface SessionEvents {
    /** Nobody listens. */
    SessionEvents NONE = new SessionEvents() { };

    /** A session was admitted by the registry. */
    default void opened(ClientSession session) {
    }

    /** An admitted session ended, once; {@code reason} is a short fixed word ({@link ClientSession#endReason()}). */
    default void ended(ClientSession session, String reason) {
    }

    /** A stanza of {@code bytes} went from the browser to the server. */
    default void toServer(int bytes) {
    }

    /** A stanza of {@code bytes} went from the server to the browser. */
    default void toClient(int bytes) {
    }

    /** The upstream stream to {@code domain} opened (TCP, TLS and the server's header) after {@code nanos}. */
    default void upstreamOpened(String domain, long nanos) {
    }

    /** The upstream stream to {@code domain} could not be opened; {@code cause} is a short fixed word. */
    default void upstreamFailed(String domain, String cause) {
    }

    /** A STARTTLS or TLS-policy outcome with {@code domain}'s server: a short fixed word. */
    default void tls(String domain, String outcome) {
    }
}
