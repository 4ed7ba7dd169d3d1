package dev.portico.xml;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Incremental parser for the upstream server's c2s stream: bytes in, in whatever pieces TCP delivers
 * them; stream header, complete top-level elements and the stream end out, each with its exact bytes.
 *
 * <p>One instance per upstream connection, called only from that connection's I/O path; not
 * thread-safe. The handler is called synchronously from {@link #feed}, and may call {@link #restart}
 * from there. Any violation fails the parser for good: that feed and every later one throw the same
 * {@link StreamErrorCondition}.
 *
 * <p>Elements are cut out by byte offset rather than re-serialised. Between elements nothing is copied
 * except a partial tag at the end of a read; while an element is open its bytes so far are kept,
 * never more than {@code maxElementBytes}.
 *
 * <p>The work is linear in the bytes fed, however they are split: a kept tail grows by appending, the
 * search for a partial tag's {@code <} looks only at the new bytes, and one stream never makes one Aalto
 * reader learn more than {@link XmlRules#MAX_NAMES} distinct names (its tables are searched linearly):
 * once half of that is used, the parser moves on to a fresh reader between two stanzas, primed with the
 * stream header so the stanzas that follow still inherit its namespaces ({@link #readerRenewals()}).
 *
 * <p>An idle stream holds no reader. When a feed ends exactly after a top-level element of a stream whose
 * header declares the usual namespaces and nothing else ({@link #USUAL_HEADER}), the reader is parked in
 * this thread's {@link Spare} slot, and the next feed of any such stream on this thread continues with it:
 * at that point a reader holds nothing of one stream that another would notice (the same open stream
 * element and bindings, no partial token), and its offsets simply go on. An Aalto reader and its buffers
 * are about 3 KiB, which an idle session no longer pays; a busy one costs nothing more either, since
 * nothing is created per feed. A reader left in the middle of anything stays with its stream.
 */
public final class StreamParser {

    /** Receives the stream's events, synchronously from {@link StreamParser#feed}. */
    public interface Handler {
        /** The {@code <stream:stream ...>} start tag; its raw bytes are the start tag only. */
        void onStreamOpen(ParsedElement header);

        /** A complete top-level element; {@code toStandaloneXml()} adds what it inherits from the header. */
        void onElement(ParsedElement element);

        /** {@code </stream:stream>} arrived. */
        void onStreamClose();
    }

    private enum State { AWAITING_HEADER, OPEN, CLOSED, FAILED }

    /**
     * The header whose reader state is interchangeable: a stream whose header has this prefix and exactly
     * these declarations (every c2s server's) can use a reader primed with it.
     */
    private static final byte[] USUAL_HEADER = ("<stream:stream xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
        + Namespaces.STREAMS + "'>").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Map<String, String> USUAL_DECLARATIONS = Map.of("", Namespaces.CLIENT, "stream", Namespaces.STREAMS);
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final ThreadLocal<Spare> SPARE = ThreadLocal.withInitial(Spare::new);

    /**
     * One parked reader per thread: inside a stream opened with {@link #USUAL_HEADER}'s bindings, right after
     * a top-level element, with all its input consumed. Only this thread touches it: a feed takes it (the
     * slot is then empty, so a feed nested in a handler callback gets a new reader) and puts one back.
     */
    private static final class Spare {
        AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
        NameBudget names;
        /** Bytes the reader has read: where the next feed's offsets start. */
        long fed;
    }


    private final Handler handler;
    private final int maxElementBytes;
    private final ByteWindow window;
    private final ElementTreeBuilder tree = new ElementTreeBuilder();
    /** Distinct names the current reader has seen (it goes with the reader when parked); null when parked. */
    private NameBudget names = new NameBudget(XmlRules.MAX_NAMES);

    /** Null while parked (see the class comment) and after a failure. */
    private AsyncXMLStreamReader<AsyncByteBufferFeeder> reader = XmlRules.newReader();
    /** The header declares {@link #USUAL_DECLARATIONS} only: this stream may park its reader. */
    private boolean usualHeader;
    private State state = State.AWAITING_HEADER;
    /** Open elements, the stream element included. */
    private int depth;
    /** Offset just past the header or the last complete top-level element. */
    private long lastEventEnd;
    /** Offset just past the event being delivered, where a restart picks up. */
    private long eventEnd;
    private boolean feeding;
    private boolean restartRequested;
    /** A new reader primed with {@link #header} takes over after the element being delivered. */
    private boolean renewRequested;
    /** The stream header's start tag, to prime a renewed reader; null before the header. */
    private byte[] header;
    /** The {@code <} of a partial tag kept at the end of the last feed, or -1. */
    private long pendingLt = -1;
    private long renewals;
    private boolean nothingMayFollow;
    private final Utf8Stream utf8 = new Utf8Stream();
    private XmlStreamException failure;
    private long bytesFed;

    public StreamParser(Handler handler, int maxElementBytes) {
        if (handler == null) {
            throw new IllegalArgumentException("handler is null");
        }
        if (maxElementBytes < 64) {
            throw new IllegalArgumentException("maxElementBytes must be at least 64, was " + maxElementBytes);
        }
        this.handler = handler;
        this.maxElementBytes = maxElementBytes;
        this.window = new ByteWindow(maxElementBytes);
    }

    /**
     * Parses all remaining bytes of {@code bytes} (its position ends at its limit) and delivers what they
     * complete. The buffer is not referenced after this returns.
     */
    public void feed(ByteBuffer bytes) throws XmlStreamException {
        if (failure != null) {
            throw new XmlStreamException(failure.condition(), failure.getMessage());
        }
        if (feeding) {
            throw new IllegalStateException("feed() called from a handler callback");
        }
        ByteBuffer in = bytes.duplicate();
        int index = bytes.position();
        int limit = bytes.limit();
        bytes.position(limit);
        bytesFed += limit - index;
        feeding = true;
        try {
            if (reader == null) {
                takeSpare();
            }
            // Aalto decodes leniently; what it lets through would reach the browser as broken text. What
            // comes before an ill-formed sequence is parsed as usual (so how reads split the stream never
            // changes what is delivered), the sequence itself never reaches Aalto.
            int bad = utf8.firstInvalid(in, index, limit);
            int end = bad < 0 ? limit : bad;
            // Aalto's feeder reads up to the buffer's own limit.
            in.limit(end);
            while (true) {
                long restartAt = parse(in, index, end);
                if (restartAt < 0) {
                    break;
                }
                index = window.indexOf(restartAt);
                boolean renew = renewRequested && !restartRequested;
                if (nothingMayFollow && index < limit) {
                    throw new XmlStreamException(StreamErrorCondition.POLICY_VIOLATION, (limit - index)
                        + " bytes followed the element that ended this document in the same read");
                }
                newReader();
                if (renew) {
                    primeWithHeader();
                }
            }
            if (bad >= 0) {
                throw new XmlStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "ill-formed UTF-8 at byte " + (bytesFed - (limit - bad)) + " of the stream");
            }
            parkIfIdle();
        } catch (XmlStreamException e) {
            fail(e);
            throw e;
        } catch (RuntimeException e) {
            fail(new XmlStreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, "handler failed: " + e, e));
            throw e;
        } finally {
            feeding = false;
        }
    }

    /**
     * Starts over with a new XML document, as after TLS or SASL success. Called from {@code onElement},
     * the bytes after that element go to the new document; otherwise the next feed does.
     */
    public void restart() {
        if (state == State.FAILED) {
            return;
        }
        if (feeding) {
            restartRequested = true;
        } else {
            newReader();
        }
    }

    /** How many times a fresh reader took over mid-stream because the old one had learnt many names. */
    public long readerRenewals() {
        return renewals;
    }

    /** Namespace bookkeeping steps so far (see {@link ElementTreeBuilder#work()}); for tests. */
    long work() {
        return tree.work();
    }

    /** Bytes copied into or searched in the kept tail so far (see {@link ByteWindow}); for tests. */
    long bytesTouched() {
        return window.bytesTouched();
    }

    /**
     * Like {@link #restart}, for a document that must end with the current element in this very read, as
     * {@code <proceed/>} before a TLS handshake: if any byte follows it in the bytes being fed, the feed
     * fails with {@code policy-violation} before those bytes are parsed. Call only from {@code onElement}.
     */
    public void restartWithNothingAfter() {
        if (!feeding) {
            throw new IllegalStateException("restartWithNothingAfter() outside a handler callback");
        }
        if (state == State.FAILED) {
            return;
        }
        restartRequested = true;
        nothingMayFollow = true;
    }

    /** Whether this stream holds a reader of its own now (an idle usual stream holds none); for tests. */
    boolean holdsReader() {
        return reader != null;
    }

    /** This thread's parked reader, or null; for tests. */
    static AsyncXMLStreamReader<AsyncByteBufferFeeder> parkedReader() {
        return SPARE.get().reader;
    }

    /** Total bytes fed since construction, across restarts. */
    public long bytesFed() {
        return bytesFed;
    }

    /** Parses [index, limit) of {@code in}; returns the offset to restart at, or -1 when all is consumed. */
    private long parse(ByteBuffer in, int index, int limit) throws XmlStreamException {
        window.beginChunk(in, index, limit - index);
        try {
            if (limit > index) {
                in.position(index);
                reader.getInputFeeder().feedInput(in);
            }
            // Aalto needs next() until EVENT_INCOMPLETE before it accepts more input.
            int event;
            while ((event = XmlRules.next(reader)) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                onEvent(event);
                if (restartRequested || renewRequested) {
                    return eventEnd;
                }
            }
        } catch (XMLStreamException e) {
            throw XmlRules.classify(e, XmlRules.failedInDoctype(window, e));
        } catch (UncheckedStreamException e) {
            throw XmlRules.classify(e, false);
        }
        keepTail();
        return -1;
    }

    private void onEvent(int event) throws XMLStreamException, XmlStreamException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> startElement();
            case XMLStreamConstants.END_ELEMENT -> endElement();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
            case XMLStreamConstants.START_DOCUMENT -> XmlRules.checkEncoding(reader);
            case XMLStreamConstants.END_DOCUMENT -> {
                // Not reached: the reader is never told the input has ended.
            }
            default -> throw XmlRules.restricted(event);
        }
    }

    private void startElement() throws XMLStreamException, XmlStreamException {
        long end = window.fromAalto(reader.getLocationInfo().getEndingByteOffset());
        depth++;
        XmlRules.checkLimits(reader, depth);
        names.count(reader);
        if (depth == 1) {
            openStream(end);
        } else if (depth == 2) {
            // Aalto's starting offsets are unreliable; the tag's own '<' is the last one before its end.
            long lt = lastLt(end, lastEventEnd);
            checkSize(end - lt);
            tree.start(reader, lt);
        } else {
            tree.start(reader, tree.nextStartMaterialised() ? lastLt(end, tree.topStart()) : -1);
        }
    }

    private void openStream(long end) throws XmlStreamException {
        if (!"stream".equals(reader.getLocalName())) {
            throw XmlRules.notWellFormed("root element is <" + reader.getLocalName() + ">, not <stream:stream>");
        }
        if (!Namespaces.STREAMS.equals(reader.getNamespaceURI())) {
            throw new XmlStreamException(StreamErrorCondition.INVALID_NAMESPACE,
                    "stream element in namespace '" + reader.getNamespaceURI() + "'");
        }
        long lt = lastLt(end, 0);
        checkSize(end - lt);
        tree.start(reader, lt);
        tree.end(end);
        ParsedElement parsed = tree.build(window);
        usualHeader = "stream".equals(parsed.prefix()) && USUAL_DECLARATIONS.equals(parsed.namespaceDeclarations());
        // A usual header's namespaces are all a renewed reader needs to know: no copy kept per stream.
        header = usualHeader ? USUAL_HEADER : parsed.raw();
        state = State.OPEN;
        lastEventEnd = end;
        eventEnd = end;
        handler.onStreamOpen(parsed);
    }

    private void endElement() throws XMLStreamException, XmlStreamException {
        long end = window.fromAalto(reader.getLocationInfo().getEndingByteOffset());
        depth--;
        if (depth == 0) {
            state = State.CLOSED;
            lastEventEnd = end;
            eventEnd = end;
            handler.onStreamClose();
        } else if (tree.end(end)) {
            checkSize(end - tree.topStart());
            ParsedElement element = tree.build(window);
            lastEventEnd = end;
            eventEnd = end;
            renewRequested = names.size() > XmlRules.MAX_NAMES / 2;
            handler.onElement(element);
        }
    }

    private void text() throws XmlStreamException {
        if (depth >= 2) {
            tree.text(reader);
        } else if (!XmlRules.isWhitespace(reader)) {
            // Whitespace between elements is a keep-alive; anything else has no place at stream level.
            throw XmlRules.notWellFormed("text at stream level");
        }
    }

    /** End of a feed: keep the open element, or the partial tag after the last complete event. */
    private void keepTail() throws XmlStreamException {
        long end = window.end();
        long from;
        if (tree.isOpen()) {
            from = tree.topStart();
            pendingLt = -1;
        } else {
            // Only the new bytes are searched: a kept partial tag starts with its '<' and holds no other,
            // so a long tag trickling in byte by byte is not scanned again on every feed.
            long lt = window.lastLt(end, Math.max(lastEventEnd, window.chunkStart()));
            if (lt < 0 && pendingLt >= lastEventEnd) {
                lt = pendingLt;
            }
            pendingLt = lt;
            from = lt < 0 ? end : lt;
        }
        checkSize(end - from);
        window.retainFrom(from);
    }

    private long lastLt(long before, long floor) {
        long lt = window.lastLt(before, floor);
        if (lt < 0) {
            throw new IllegalStateException("start tag ending at " + before + " not in the kept bytes");
        }
        return lt;
    }

    private void checkSize(long size) throws XmlStreamException {
        if (size > maxElementBytes) {
            throw XmlRules.tooLarge(size, maxElementBytes);
        }
    }

    private void newReader() {
        reader = XmlRules.newReader();
        window.reset();
        tree.clear();
        if (names == null) {
            names = new NameBudget(XmlRules.MAX_NAMES);
        } else {
            names.clear();
        }
        state = State.AWAITING_HEADER;
        depth = 0;
        lastEventEnd = 0;
        eventEnd = 0;
        pendingLt = -1;
        restartRequested = false;
        renewRequested = false;
        nothingMayFollow = false;
    }

    /**
     * The fresh reader reads the stream header again, silently, so the stream continues as if nothing
     * happened: offsets then count from the end of the header, where the next bytes go.
     */
    private void primeWithHeader() throws XmlStreamException {
        prime(header);
        renewals++;
    }

    /** Feeds {@code start} (a stream header that parsed before) to the fresh reader, silently. */
    private void prime(byte[] start) throws XmlStreamException {
        ByteBuffer bytes = ByteBuffer.wrap(start);
        window.beginChunk(bytes, 0, start.length);
        try {
            reader.getInputFeeder().feedInput(bytes);
            int event;
            while ((event = XmlRules.next(reader)) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                if (event == XMLStreamConstants.START_ELEMENT) {
                    names.count(reader);
                    depth = 1;
                }
            }
        } catch (XMLStreamException e) {
            // The same bytes parsed before; failing now would be a bug, reported as such.
            throw new IllegalStateException("stream header no longer parses", e);
        }
        if (depth != 1) {
            throw new IllegalStateException("stream header did not open the stream again");
        }
        window.retainFrom(start.length);
        state = State.OPEN;
        lastEventEnd = start.length;
        eventEnd = start.length;
    }

    /**
     * End of a feed: if it ended exactly after a top-level element of a usual stream, the reader goes to this
     * thread's spare slot (or, if that is taken, away) with its name count, and this stream holds none.
     */
    private void parkIfIdle() {
        if (!usualHeader || state != State.OPEN || depth != 1 || tree.isOpen() || pendingLt >= 0
                || window.end() != lastEventEnd) {
            return;
        }
        try {
            // Aalto keeps the last input buffer until the next feed: let go of the caller's.
            reader.getInputFeeder().feedInput(NOTHING);
        } catch (XMLStreamException e) {
            return; // it had not consumed all its input: not a state to share, keep it here
        }
        Spare spare = SPARE.get();
        if (spare.reader == null) {
            spare.reader = reader;
            spare.names = names;
            spare.fed = window.end();
        }
        reader = null;
        names = null;
        window.release();
    }

    /** Start of a feed on a parked stream: this thread's spare reader, or a new one primed with the usual header. */
    private void takeSpare() throws XmlStreamException {
        Spare spare = SPARE.get();
        if (spare.reader != null) {
            reader = spare.reader;
            names = spare.names;
            long fed = spare.fed;
            spare.reader = null;
            spare.names = null;
            window.resetTo(fed);
            tree.clear();
            depth = 1;
            lastEventEnd = fed;
            eventEnd = fed;
            pendingLt = -1;
        } else {
            newReader();
            prime(USUAL_HEADER);
        }
    }

    private void fail(XmlStreamException e) {
        state = State.FAILED;
        failure = e;
        restartRequested = false;
        renewRequested = false;
        nothingMayFollow = false;
        reader = null;
        window.reset();
        tree.clear();
    }

    @Override
    public String toString() {
        return "StreamParser@" + Integer.toHexString(hashCode()) + "{" + state + ", depth=" + depth
                + ", bytesFed=" + bytesFed + "}";
    }
}
