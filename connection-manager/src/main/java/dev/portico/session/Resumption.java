package dev.portico.session;

import dev.portico.xml.Namespaces;
import dev.portico.xml.ParsedElement;

/**
 * Whether the server has granted XEP-0198 resumption on this upstream stream, learned from the server's
 * own answers as they pass to the browser: {@code <enabled resume='true'/>} and {@code <resumed/>} grant
 * it, {@code <failed/>} takes it away. Portico never speaks stream management itself; it only needs to
 * know whether a session that ends without the browser's close handshake should leave the server's
 * session resumable (hang up without {@code </stream:stream>}) or end it (close cleanly).
 *
 * <p>Threading: written by the upstream I/O thread that forwards server elements, read by whichever
 * thread ends the session. A session ending at the very moment {@code <enabled/>} passes may see the old
 * value and close cleanly: the browser cannot hold the resumption id yet in that case, so nothing is lost.
 */
final class Resumption {
    private volatile boolean granted;

    /** Looks at one element from the server; anything but stream management costs one string compare. */
    void observe(ParsedElement fromServer) {
        if (!Namespaces.SM.equals(fromServer.namespaceUri())) {
            return;
        }
        switch (fromServer.localName()) {
            case "enabled" -> {
                String resume = fromServer.attribute("resume");
                granted = "true".equals(resume) || "1".equals(resume);
            }
            case "resumed" -> granted = true;
            case "failed" -> granted = false;
            default -> {
                // <r/>, <a/>: counters, nothing to learn.
            }
        }
    }

    /** Whether the server would keep this session for a later {@code <resume/>} if the connection dropped. */
    boolean granted() {
        return granted;
    }
}
