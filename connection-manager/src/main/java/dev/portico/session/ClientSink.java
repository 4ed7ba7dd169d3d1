package dev.portico.session;

import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.eclipse.jetty.util.Callback;

/**
 * The browser side of a session, implemented by a transport. The session calls it from I/O threads, one
 * call at a time; calls arrive in stream order. After {@link #closed} nothing else is called.
 */
public interface ClientSink {
    /** The upstream stream opened or restarted: render {@code <open/>} or the BOSH session response. */
    void streamOpened(StreamInfo info);

    /**
     * A top-level element for the browser. {@code xml} is its UTF-8 bytes, standalone (carrying every
     * namespace declaration it needs), in a new array the transport may keep and must not change. Complete {@code done} once the transport has taken it: the session reads no more from the
     * server while elements are outstanding, which is how back-pressure reaches the upstream socket.
     */
    void element(ParsedElement element, byte[] xml, Callback done);

    /**
     * The stream ends with an error. {@code serverErrorXml} is the server's own standalone
     * {@code <stream:error>} when it sent one, otherwise null and the transport renders {@code condition}.
     * {@link #closed} follows.
     */
    void streamError(StreamErrorCondition condition, String text, String serverErrorXml);

    /**
     * The stream is over and the upstream connection closed or closing. (A server's {@code see-other-host}
     * arrives as its {@link #streamError}; it is never turned into a redirect for the browser.)
     */
    void closed();
}
