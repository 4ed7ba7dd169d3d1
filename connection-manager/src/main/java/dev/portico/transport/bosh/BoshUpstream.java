package dev.portico.transport.bosh;

import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;

/**
 * What a BOSH session needs from the XMPP side: the calls a transport makes on a
 * {@link dev.portico.session.ClientSession}. Production adapts a real session ({@link SessionUpstream});
 * unit tests use an in-memory fake and play the server's part through the session's
 * {@link dev.portico.session.ClientSink} methods.
 */
interface BoshUpstream {
    /** Opens (or, on {@code xmpp:restart}, restarts) the stream to a configured domain. */
    void open(String to, String lang);

    /** Forwards one validated payload; stanzas are sent in call order. */
    void send(ParsedElement payload, Callback done);

    /** Ends the stream cleanly (terminate request): the server ends its session. */
    void close();

    /**
     * The client stopped polling without terminating (inactivity): the session ends, leaving a stream on
     * which the server granted XEP-0198 resumption resumable.
     */
    void gone();

    /** The gateway is stopping: as {@link #gone}, with {@code system-shutdown} as the reason. */
    void shutdown();

    /** Ends the stream because the client sent something invalid; the server sees a clean close. */
    void abort(StreamErrorCondition condition, String reason);
}
