package dev.portico.xml;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamException;

/**
 * One Aalto reader per thread that {@link InboundParser} feeds frame after frame, so a frame costs no new
 * reader (its scanner, buffers and name table were about half of what a relayed WebSocket stanza
 * allocated). The reader first reads a synthetic wrapper start tag; every frame is then one child of it, so
 * a second frame is not a second root. Frames on one thread come one after another (a parse runs to the end
 * of its frame and calls nothing out), so one reader per thread is never shared by two frames at once.
 *
 * <p>A reader is trusted only while every frame it read was accepted: the parser drops it ({@link #drop})
 * after any failure, whatever the reason, and judges that frame again on a fresh reader. It is also
 * renewed once it has seen {@link #RENEW_NAMES} distinct names (the {@link NameBudget} keeps counting
 * across frames, so its own name table stays bounded as {@code XmlRules} requires), {@link #RENEW_BYTES}
 * bytes, or a frame over {@link #RENEW_FRAME_BYTES} (whose buffers it should not keep). It is never closed
 * nor given {@code endOfInput()}, so its names never reach Aalto's shared table. Between frames it keeps
 * no reference to the caller's buffer.
 */
final class ReusedReader {
    static final int RENEW_NAMES = XmlRules.MAX_NAMES / 2;
    static final long RENEW_BYTES = 16L << 20;
    static final int RENEW_FRAME_BYTES = 16 * 1024;
    private static final byte[] WRAPPER = "<frames>".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private static final ThreadLocal<ReusedReader> PER_THREAD = ThreadLocal.withInitial(ReusedReader::new);

    private final NameBudget names = new NameBudget(XmlRules.MAX_NAMES);
    private AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
    /** Bytes fed to {@link #reader} before the current frame: Aalto's offsets count from its first byte. */
    private long fed;
    /** Readers created so far on this thread; tests use it to see when one is renewed. */
    private long created;

    private ReusedReader() {
    }

    /** This thread's reader. */
    static ReusedReader current() {
        return PER_THREAD.get();
    }

    /**
     * Whether a frame can be read as a child of the wrapper exactly as a document of its own would be: it
     * starts, after optional whitespace, with an element's start tag. An XML declaration, a byte order mark,
     * a DOCTYPE, a comment or a PI before the element are left to a fresh reader, whose prolog rules apply.
     */
    static boolean fits(ByteBuffer in) {
        int end = in.limit();
        for (int i = in.position(); i < end; i++) {
            byte b = in.get(i);
            if (b == '<') {
                return i + 1 < end && in.get(i + 1) != '?' && in.get(i + 1) != '!';
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return false;
    }

    /** The reader, positioned inside the wrapper with all of its earlier input consumed. */
    AsyncXMLStreamReader<AsyncByteBufferFeeder> reader() throws XMLStreamException {
        if (reader == null) {
            AsyncXMLStreamReader<AsyncByteBufferFeeder> r = XmlRules.newReader();
            r.getInputFeeder().feedInput(ByteBuffer.wrap(WRAPPER));
            while (r.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                // START_DOCUMENT, then the wrapper's START_ELEMENT
            }
            r.getInputFeeder().feedInput(NOTHING);
            reader = r;
            fed = WRAPPER.length;
            created++;
        }
        return reader;
    }

    /** Distinct names this reader has seen, over all its frames. */
    NameBudget names() {
        return names;
    }

    /** Bytes fed to the reader before the current frame. */
    long fed() {
        return fed;
    }

    /** The frame of {@code length} bytes was accepted: release the caller's buffer, renew if due. */
    void accepted(int length) {
        fed += length;
        if (names.size() > RENEW_NAMES || fed > RENEW_BYTES || length > RENEW_FRAME_BYTES) {
            drop();
            return;
        }
        try {
            reader.getInputFeeder().feedInput(NOTHING);
        } catch (XMLStreamException e) {
            drop(); // it had not consumed all the input: not a state to start the next frame in
        }
    }

    /** Forget the reader (after any failure: its state is unknown); the next frame gets a new one. */
    void drop() {
        reader = null;
        fed = 0;
        names.clear();
    }

    long created() {
        return created;
    }
}
