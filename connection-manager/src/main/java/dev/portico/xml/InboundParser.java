package dev.portico.xml;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import java.nio.ByteBuffer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Validates one complete frame or body from a browser (an RFC 7395 WebSocket message, a BOSH HTTP body)
 * before anything of it is forwarded: exactly one well-formed root element, optionally preceded by an
 * XML declaration, no DTD, entity reference, processing instruction or comment, no {@code stream}
 * element smuggled inside, within the size, depth, attribute, prefix and distinct-name limits (so the
 * work per frame is linear in its size, see {@link NameBudget} and {@link ElementTreeBuilder}).
 *
 * <p>One instance per client session, used from that session's I/O path; not thread-safe. A frame is first
 * read by this thread's {@link ReusedReader} (no reader to create per frame); any failure there drops that
 * reader and the frame is judged again by a fresh Aalto reader, whose verdict is the one returned, so a
 * failed frame leaves nothing behind and every refusal is exactly what a reader of its own would say.
 */
public final class InboundParser {

    private final int maxBytes;
    private final ByteWindow window;
    private final ElementTreeBuilder tree = new ElementTreeBuilder();
    private final NameBudget names = new NameBudget(XmlRules.MAX_NAMES);

    public InboundParser(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.window = new ByteWindow(maxBytes);
    }

    /** Namespace bookkeeping steps so far (see {@link ElementTreeBuilder#work()}); for tests. */
    long work() {
        return tree.work();
    }

    /** Whether the remaining bytes of {@code bytes} are strict UTF-8 (its position is not moved). */
    public static boolean isUtf8(ByteBuffer bytes) {
        return Utf8.firstInvalid(bytes, bytes.position(), bytes.limit()) < 0;
    }

    /** Parses a whole frame; the root's children carry standalone XML relative to the root. */
    public ParsedElement parse(byte[] utf8) throws XmlStreamException {
        return parse(ByteBuffer.wrap(utf8));
    }

    /** Parses the remaining bytes of {@code utf8} without moving its position. */
    public ParsedElement parse(ByteBuffer utf8) throws XmlStreamException {
        int index = utf8.position();
        int length = utf8.remaining();
        if (length > maxBytes) {
            throw XmlRules.tooLarge(length, maxBytes);
        }
        XmlRules.checkUtf8(utf8, index, index + length);
        ByteBuffer in = utf8.duplicate();
        if (ReusedReader.fits(in)) {
            ReusedReader reused = ReusedReader.current();
            try {
                ParsedElement root = parse(in, index, length, reused.reader(), reused.names(), reused.fed(), true);
                reused.accepted(length);
                return root;
            } catch (XMLStreamException | XmlStreamException | RuntimeException e) {
                reused.drop();
            }
        }
        return parseAlone(in, index, length);
    }

    /** The frame on a fresh reader of its own: the reference every verdict of the reused reader must equal. */
    ParsedElement parseAlone(ByteBuffer in, int index, int length) throws XmlStreamException {
        try {
            return parse(in, index, length, XmlRules.newReader(), names, 0, false);
        } finally {
            names.clear();
        }
    }

    private ParsedElement parse(ByteBuffer in, int index, int length, AsyncXMLStreamReader<AsyncByteBufferFeeder> reader,
            NameBudget budget, long fedBefore, boolean wrapped) throws XmlStreamException {
        window.reset();
        window.beginChunk(in, index, length);
        tree.clear();
        try {
            return parseFrame(in, reader, budget, fedBefore, wrapped);
        } finally {
            // Drop the reference to the caller's buffer.
            window.reset();
            tree.clear();
        }
    }

    /**
     * Reads one frame. {@code fedBefore}: bytes the reader had read before it. {@code wrapped}: the reader is
     * a {@link ReusedReader}'s, inside its wrapper element, and the frame starts with a start tag
     * ({@link ReusedReader#fits}); anything else that a document of its own could not contain either makes
     * this throw (a stray end tag, a second document start, bytes after the element).
     */
    private ParsedElement parseFrame(ByteBuffer in, AsyncXMLStreamReader<AsyncByteBufferFeeder> reader,
            NameBudget budget, long fedBefore, boolean wrapped) throws XmlStreamException {
        // Never endOfInput(): reaching END_DOCUMENT closes the reader, which grows Aalto's shared name
        // table. Completeness is checked here instead: the root must have ended, then only whitespace.
        ParsedElement root = null;
        long rootEnd = -1;
        int depth = 0;
        try {
            if (in.hasRemaining()) {
                reader.getInputFeeder().feedInput(in);
            }
            int event;
            while ((event = XmlRules.next(reader)) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        startElement(reader, budget, fedBefore, depth, root != null);
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth == 0) {
                            throw XmlRules.notWellFormed("end tag outside the element");
                        }
                        depth--;
                        long end = window.fromAalto(reader.getLocationInfo().getEndingByteOffset() - fedBefore);
                        if (tree.end(end)) {
                            root = tree.build(window);
                            rootEnd = end;
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (depth > 0) {
                            tree.text(reader);
                        } else if (!XmlRules.isWhitespace(reader)) {
                            throw XmlRules.notWellFormed("text outside the element");
                        }
                    }
                    case XMLStreamConstants.START_DOCUMENT -> {
                        if (wrapped) {
                            throw XmlRules.notWellFormed("document start inside the wrapper");
                        }
                        XmlRules.checkEncoding(reader);
                        XmlRules.checkVersion(reader);
                    }
                    default -> throw XmlRules.restricted(event);
                }
            }
        } catch (XMLStreamException e) {
            throw XmlRules.classify(e, XmlRules.failedInDoctype(window, e));
        } catch (UncheckedStreamException e) {
            throw XmlRules.classify(e, false);
        }
        if (root == null) {
            throw XmlRules.notWellFormed(depth > 0 ? "element not closed" : "no element");
        }
        for (long o = rootEnd; o < window.end(); o++) {
            byte b = window.byteAt(o);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                throw XmlRules.notWellFormed("content after the element");
            }
        }
        return root;
    }

    private void startElement(AsyncXMLStreamReader<?> reader, NameBudget budget, long fedBefore, int depth,
            boolean rootDone)
            throws XMLStreamException, XmlStreamException {
        if ("stream".equals(reader.getLocalName()) && Namespaces.STREAMS.equals(reader.getNamespaceURI())) {
            throw new XmlStreamException(StreamErrorCondition.INVALID_XML, "stream element inside a frame");
        }
        if (rootDone) {
            // Aalto rejects a second root itself; this keeps the rule visible and independent of it.
            throw XmlRules.notWellFormed("second element in a frame");
        }
        XmlRules.checkLimits(reader, depth);
        budget.count(reader);
        long end = window.fromAalto(reader.getLocationInfo().getEndingByteOffset() - fedBefore);
        long lt = -1;
        if (tree.nextStartMaterialised()) {
            lt = window.lastLt(end, depth == 1 ? 0 : tree.topStart());
        }
        tree.start(reader, lt);
    }
}
