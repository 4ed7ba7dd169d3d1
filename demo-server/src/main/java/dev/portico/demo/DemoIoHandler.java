package dev.portico.demo;

import org.apache.mina.core.session.IoSession;
import org.apache.vysper.mina.XmppIoHandlerAdapter;

/**
 * Vysper's MINA handler, completed for the MINA version the demo runs on: MINA 2.0.31 calls
 * {@code inputClosed} when the peer half-closes its side, a method Vysper 0.7 (built against an older MINA)
 * lacks, which ends in an {@link AbstractMethodError}, a warning and a connection left half open. Here the
 * session closes, and Vysper ends it as for any closed connection (unavailable presence to the contacts).
 * Called on MINA's I/O threads.
 */
final class DemoIoHandler extends XmppIoHandlerAdapter {
    @Override
    public void inputClosed(IoSession session) {
        session.closeNow();
    }
}
