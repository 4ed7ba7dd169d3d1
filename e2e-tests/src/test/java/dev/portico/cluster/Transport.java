package dev.portico.cluster;

import org.w3c.dom.Element;

/** One XMPP session's framing (a WebSocket or a BOSH session); no reconnecting, that is the client's job. */
interface Transport {
    /** What the transport tells its client; called on I/O threads. */
    interface Events {
        void received(Element element);

        /** The session ended (stream error, {@code <close/>}, BOSH terminate, broken connection); called once. */
        void ended(String why);
    }

    /** Opens the stream to {@code domain}. */
    void open();

    /** Restarts the stream after SASL success. */
    void restart();

    /** Sends one element (a stanza, or a stream-management or SASL nonza). */
    void send(String element);

    /** Drops the session without ceremony (end of test). */
    void abandon();
}
