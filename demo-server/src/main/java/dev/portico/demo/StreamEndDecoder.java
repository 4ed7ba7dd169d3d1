package dev.portico.demo;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.vysper.mina.codec.StanzaBuilderFactory;
import org.apache.vysper.xml.decoder.XMPPContentHandler;
import org.apache.vysper.xml.decoder.XMPPDecoder;
import org.apache.vysper.xml.fragment.Attribute;
import org.apache.vysper.xml.fragment.XMLElement;
import org.apache.vysper.xml.fragment.XMLFragment;
import org.apache.vysper.xml.sax.impl.DefaultNonBlockingXMLReader;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * Vysper's XMPP decoder, except that the end of the client's stream ({@code </stream:stream>}) is reported:
 * Vysper's own content handler drops it, so the server never learns that the client is leaving. This one
 * passes a {@link StreamEnd} to the handler ({@link DemoIoHandler}) instead. Runs on MINA's I/O threads, one
 * parser per session as in Vysper.
 */
final class StreamEndDecoder extends XMPPDecoder {

    StreamEndDecoder() {
        super(new StanzaBuilderFactory());
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        if (session.getAttribute(SESSION_ATTRIBUTE_NAME) == null) {
            // Set up the session's parser as Vysper would, but with the content handler below.
            DefaultNonBlockingXMLReader reader = new DefaultNonBlockingXMLReader();
            reader.setFeature(DefaultNonBlockingXMLReader.FEATURE_NAMESPACE_PREFIXES, true);
            reader.setFeature(DefaultNonBlockingXMLReader.FEATURE_RESTART_ALLOWED, true);
            reader.setProperty(DefaultNonBlockingXMLReader.PROPERTY_RESTART_QNAME, "stream:stream");
            reader.setContentHandler(new StreamEndAwareHandler());
            session.setAttribute(SESSION_ATTRIBUTE_NAME, reader);
        }
        return super.doDecode(session, in, out);
    }

    /** The decoded end of the client's stream. */
    static final class StreamEnd extends XMLElement {
        private StreamEnd() {
            super("http://etherx.jabber.org/streams", "stream", "stream", new Attribute[0], new XMLFragment[0]);
        }
    }

    /** Vysper's content handler plus a depth count that notices when the root element ends. */
    private static final class StreamEndAwareHandler extends XMPPContentHandler {
        private int depth;

        StreamEndAwareHandler() {
            super(new StanzaBuilderFactory());
        }

        @Override
        public void startDocument() throws SAXException {
            super.startDocument();
            depth = 0; // a stream restart begins a new document
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            depth++;
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            super.endElement(uri, localName, qName);
            depth--;
            if (depth == 0 && getListener() != null) {
                getListener().stanza(new StreamEnd());
            }
        }
    }
}
