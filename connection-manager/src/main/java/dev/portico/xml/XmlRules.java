package dev.portico.xml;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * The XMPP restrictions on XML (RFC 6120 §11) that Aalto does not enforce itself, plus the one shared
 * reader factory. Stateless; the factory is safe to share (Aalto synchronises its shared name tables).
 *
 * <p>Readers from here must never be closed nor given {@code endOfInput()}: on close Aalto merges the
 * reader's element-name table into the factory-wide one, which then grows without bound with every
 * new name a peer invents (and merging slows down as it grows). Unclosed readers are simply collected.
 * The one exception is the reader that primes the table with a fixed vocabulary at class load.
 */
final class XmlRules {
    static final int MAX_DEPTH = 64;
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_ATTRIBUTES = 128;
    /** Distinct namespace prefixes (the default namespace counts as one) declared inside one top element. */
    static final int MAX_PREFIXES = 64;
    /**
     * Distinct element, attribute and prefix names one reader may see ({@link NameBudget}): a browser's
     * frame or body, or one upstream stanza. Real stanzas use a few dozen.
     */
    static final int MAX_NAMES = 512;

    /**
     * Names every XMPP session uses, qualified as they appear on the wire. Closing one reader that has
     * seen them puts them in the factory's shared name table once; since no other reader is ever
     * closed, the table then stays this size, and new readers find these names instead of copying and
     * growing their own table (measured: 1.3 of 5 KB garbage per short inbound frame). A name the server
     * sends during login that is missing here makes every upstream reader copy the table: 2 KiB held by
     * each idle session (measured with Prosody's {@code <sub/>} feature).
     */
    private static final String VOCABULARY = "<stream:stream xmlns='urn:x' xmlns:stream='urn:x' xmlns:xmpp='urn:x'"
            + " xmlns:xml='http://www.w3.org/XML/1998/namespace' from='' to='' id='' version='' xml:lang=''"
            + " type='' name='' jid='' node='' ver='' hash='' h='' stamp='' subscription='' ask='' rid='' sid=''"
            + " ack='' wait='' hold='' content='' xmpp:version='' xmpp:restart='' mechanism='' max='' location=''"
            + " resume='' previd='' by='' category='' var='' label='' action='' code='' status=''>"
            + "<stream:features/><stream:error/><message/><presence/><iq/><body/><subject/><thread/><error/>"
            + "<show/><status/><priority/><query/><item/><group/><bind/><jid/><resource/><session/><mechanisms/>"
            + "<mechanism/><auth/><challenge/><response/><success/><failure/><abort/><starttls/><proceed/>"
            + "<required/><optional/><text/><open/><close/><sm/><enable/><enabled/><r/><a/><resume/><resumed/>"
            + "<failed/><c/><x/><delay/><active/><composing/><paused/><inactive/><gone/><request/><received/>"
            + "<markable/><displayed/><origin-id/><stanza-id/><ping/><identity/><feature/><pubsub/><items/>"
            + "<publish/><event/><nick/><vCard/><photo/><data/><forwarded/><result/><fin/><set/><first/><last/>"
            + "<count/><before/><after/><csi/><ver/><register/><carbons/><sent/><private/><storage/><conference/>"
            // Stream features servers send after login (Prosody: pre-approval; newer ones: limits, SASL2).
            + "<sub/><limits/><max-bytes/><idle-seconds/><sasl-channel-binding/><channel-binding/><authentication/>"
            + "<inline/><bind2/><fast/><push/>"
            + "</stream:stream>";

    private static final AsyncXMLInputFactory FACTORY = primed(new InputFactoryImpl());

    private XmlRules() {
    }

    private static AsyncXMLInputFactory primed(AsyncXMLInputFactory factory) {
        try {
            AsyncXMLStreamReader<AsyncByteBufferFeeder> r = factory.createAsyncForByteBuffer();
            r.getInputFeeder().feedInput(ByteBuffer.wrap(VOCABULARY.getBytes(StandardCharsets.UTF_8)));
            r.getInputFeeder().endOfInput();
            while (r.next() != XMLStreamConstants.END_DOCUMENT) {
                // reaching the end closes the reader, which merges its names into the shared table
            }
        } catch (XMLStreamException e) {
            throw new ExceptionInInitializerError(e);
        }
        return factory;
    }

    static AsyncXMLStreamReader<AsyncByteBufferFeeder> newReader() {
        return FACTORY.createAsyncForByteBuffer();
    }

    /**
     * The reader's next event. Aalto reports some violations of the namespaces rules with a bare
     * {@code RuntimeException} (an element or attribute named {@code xmlns:x} makes it try to bind the
     * reserved prefix): that is the peer's bad XML, so it becomes {@code not-well-formed}, not an internal
     * error. Its own {@link UncheckedStreamException} passes through to be classified by the caller.
     */
    static int next(AsyncXMLStreamReader<?> r) throws XMLStreamException, XmlStreamException {
        try {
            return r.next();
        } catch (UncheckedStreamException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new XmlStreamException(StreamErrorCondition.NOT_WELL_FORMED, "XML parser: " + e.getMessage(), e);
        }
    }

    /** Events XMPP forbids: DTDs, entity references, processing instructions, comments. */
    static XmlStreamException restricted(int event) {
        String what = switch (event) {
            case XMLStreamConstants.DTD -> "DOCTYPE";
            case XMLStreamConstants.ENTITY_REFERENCE -> "entity reference";
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> "processing instruction";
            case XMLStreamConstants.COMMENT -> "comment";
            default -> "XML event " + event;
        };
        return new XmlStreamException(StreamErrorCondition.RESTRICTED_XML, what + " not allowed");
    }

    /** Aalto's async reader accepts ISO-8859-1 and US-ASCII declarations too; XMPP allows only UTF-8. */
    static void checkEncoding(AsyncXMLStreamReader<?> r) throws XmlStreamException {
        String declared = r.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new XmlStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "encoding " + declared + " not supported");
        }
    }

    /**
     * XMPP is XML 1.0 (RFC 6120 §11.1) and Aalto also accepts {@code version='1.1'}, whose rules differ
     * (C1 control characters, NEL line ends): a browser's declaration other than 1.0 is refused.
     */
    static void checkVersion(AsyncXMLStreamReader<?> r) throws XmlStreamException {
        String declared = r.getVersion();
        if (declared != null && !declared.equals("1.0")) {
            throw new XmlStreamException(StreamErrorCondition.UNSUPPORTED_VERSION,
                    "XML version " + declared + " not supported");
        }
    }

    /** Bytes a browser sent that are not strict UTF-8 are an encoding error (RFC 6120 §4.9.3.22). */
    static void checkUtf8(ByteBuffer in, int from, int to) throws XmlStreamException {
        int bad = Utf8.firstInvalid(in, from, to);
        if (bad >= 0) {
            throw new XmlStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "ill-formed UTF-8 at byte " + (bad - from));
        }
    }

    /** Depth counts the element just started, the root being 1. */
    static void checkLimits(AsyncXMLStreamReader<?> r, int depth) throws XmlStreamException {
        if (depth > MAX_DEPTH) {
            throw new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "elements nested deeper than " + MAX_DEPTH);
        }
        // Namespace declarations count too: they cost the same to parse and keep.
        if (r.getAttributeCount() + r.getNamespaceCount() > MAX_ATTRIBUTES) {
            throw new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "more than " + MAX_ATTRIBUTES + " attributes on <" + r.getLocalName() + ">");
        }
    }

    /** The reader is on a text event; true if it holds only XML whitespace. */
    static boolean isWhitespace(AsyncXMLStreamReader<?> r) {
        char[] chars = r.getTextCharacters();
        int end = r.getTextStart() + r.getTextLength();
        for (int i = r.getTextStart(); i < end; i++) {
            char c = chars[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Maps an Aalto failure to a stream error. Aalto reports everything as a generic
     * {@code WFCException}, so the few cases XMPP names differently are told apart by how its message
     * starts (never by what it contains: messages quote names from the input); a DOCTYPE with an
     * internal subset also only shows up as a syntax error, hence {@code sawDoctype}
     * ({@link #failedInDoctype}).
     */
    static XmlStreamException classify(XMLStreamException e, boolean sawDoctype) {
        String msg = String.valueOf(e.getMessage());
        StreamErrorCondition condition;
        if (msg.startsWith("Unsupported encoding")) {
            condition = StreamErrorCondition.UNSUPPORTED_ENCODING;
        } else if (sawDoctype || msg.startsWith("Unexpanded ENTITY_REFERENCE")) {
            condition = StreamErrorCondition.RESTRICTED_XML;
        } else {
            condition = StreamErrorCondition.NOT_WELL_FORMED;
        }
        int eol = msg.indexOf('\n');
        return new XmlStreamException(condition, eol < 0 ? msg : msg.substring(0, eol), e);
    }

    /**
     * Aalto decodes text lazily and reports what it finds there (an illegal control character, a bad
     * UTF-8 byte) unchecked, from {@code getTextCharacters()}; it is the same failure as one from
     * {@code next()} and must be classified the same way, never surface as an internal error.
     */
    static XmlStreamException classify(UncheckedStreamException e, boolean sawDoctype) {
        if (e.getCause() instanceof XMLStreamException cause) {
            return classify(cause, sawDoctype);
        }
        return notWellFormed(String.valueOf(e.getMessage()));
    }

    /**
     * True if the reader failed inside a {@code <!DOCTYPE}: the last {@code <} before the failure opens
     * one. Aalto's async reader does not parse internal subsets and fails at their {@code [}. Judged at
     * the failure point, not over all bytes fed, so the answer does not depend on how the input was split
     * (a fuzzer found a stream that got restricted-xml fed whole and not-well-formed fed in pieces).
     */
    static boolean failedInDoctype(ByteWindow window, XMLStreamException e) {
        // The exception carries where Aalto stopped; asking the reader instead makes it try to finish the
        // broken token, which can throw an internal error (found by BoshBodyFuzzTest).
        Location where = e.getLocation();
        if (where == null || where.getCharacterOffset() < 0) {
            return false;
        }
        long at = Math.min(window.end(), window.fromAalto(where.getCharacterOffset()));
        long lt = window.lastLt(at, 0);
        // The whole "<!DOCTYPE" must lie before the failure: what follows it may not have arrived yet.
        return lt >= 0 && lt + DOCTYPE.length <= at && window.startsWith(DOCTYPE, lt);
    }

    static XmlStreamException notWellFormed(String message) {
        return new XmlStreamException(StreamErrorCondition.NOT_WELL_FORMED, message);
    }

    static XmlStreamException tooLarge(long size, int max) {
        return new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION,
                "element of " + size + "+ bytes exceeds the limit of " + max);
    }
}
