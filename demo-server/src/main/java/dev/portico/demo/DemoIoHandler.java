package dev.portico.demo;

import java.nio.charset.StandardCharsets;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.vysper.mina.XmppIoHandlerAdapter;

/**
 * Vysper's MINA handler with two gaps closed. Called on MINA's I/O threads.
 * <ul>
 *   <li>Vysper never answers the client's {@code </stream:stream>}, so a client waits out its close timeout
 *       (RFC 6120 §4.4). Here the server answers with its own closing tag and closes the connection once
 *       that is written ({@link StreamEndDecoder} reports the client's).</li>
 *   <li>MINA 2.0.31 calls {@code inputClosed} when the peer half-closes its side, a method Vysper 0.7 (built
 *       against an older MINA) lacks, which ends in an {@link AbstractMethodError}, a warning and a
 *       connection left half open. Here the session closes.</li>
 * </ul>
 * Either way Vysper then ends the session as for any closed connection (unavailable presence to contacts).
 */
final class DemoIoHandler extends XmppIoHandlerAdapter {
    private static final byte[] CLOSE_TAG = "</stream:stream>".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void messageReceived(IoSession session, Object message) throws Exception {
        if (message instanceof StreamEndDecoder.StreamEnd) {
            session.write(IoBuffer.wrap(CLOSE_TAG));
            session.closeOnFlush();
            return;
        }
        super.messageReceived(session, message);
    }

    @Override
    public void inputClosed(IoSession session) {
        session.closeNow();
    }
}
