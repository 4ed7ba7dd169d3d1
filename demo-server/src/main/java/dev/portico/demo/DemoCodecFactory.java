package dev.portico.demo;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.apache.vysper.mina.codec.StanzaWriteInfo;
import org.apache.vysper.mina.codec.StanzaWriterProtocolEncoder;
import org.apache.vysper.mina.codec.XMPPProtocolCodecFactory;

/**
 * Vysper's XMPP codec with one race removed, decoding with {@link StreamEndDecoder}.
 *
 * <p>Vysper decides whether an outgoing element opens a stream (XML declaration and start tag only) from a
 * per-session flag that it sets only after the stream header's write and reads on other threads without
 * synchronization. When the server answers quickly, as on loopback, an element written right after the
 * header, typically {@code <proceed/>}, goes out as {@code <?xml ...?><proceed ...>} without its end tag,
 * and the client's parser rightly fails. Here the element itself decides: only {@code <stream:stream>}
 * opens a stream; everything else is written whole. Raw {@link IoBuffer}s pass through unchanged.
 */
final class DemoCodecFactory implements ProtocolCodecFactory {
    private final XMPPProtocolCodecFactory vysper = new XMPPProtocolCodecFactory();

    @Override
    public ProtocolEncoder getEncoder(IoSession session) throws Exception {
        return new Encoder((StanzaWriterProtocolEncoder) vysper.getEncoder(session));
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) throws Exception {
        return new StreamEndDecoder();
    }

    /** Corrects the opening flag, then lets Vysper's encoder render. */
    private static final class Encoder implements ProtocolEncoder {
        private final StanzaWriterProtocolEncoder delegate;

        Encoder(StanzaWriterProtocolEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) throws Exception {
            if (message instanceof IoBuffer raw) {
                out.write(raw); // written as is: DemoIoHandler's closing tag
                return;
            }
            if (message instanceof StanzaWriteInfo info) {
                boolean opener = "stream".equals(info.getStanza().getName());
                if (info.isWriteProlog() != opener || info.isWriteClosingElement() == opener) {
                    message = new StanzaWriteInfo(info.getStanza(), opener);
                }
            }
            delegate.encode(session, message, out);
        }

        @Override
        public void dispose(IoSession session) throws Exception {
            delegate.dispose(session);
        }
    }
}
