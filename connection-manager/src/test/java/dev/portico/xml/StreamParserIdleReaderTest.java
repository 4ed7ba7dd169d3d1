package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An idle upstream stream holds no Aalto reader (about 3 KiB each): after a feed that ends exactly after a
 * top-level element, the reader is parked per thread and the next feed of any usual stream goes on with
 * it. Sharing must never change what a stream delivers, nor let one stream's bytes or failure reach another.
 */
class StreamParserIdleReaderTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
        + " xmlns:stream='http://etherx.jabber.org/streams' from='example.com' id='%s' version='1.0'>";
    private static final String FEATURES = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
        + "</stream:features>";

    @Test
    void anIdleStreamHoldsNoReaderOnlyOneLeftMidElementDoes() throws Exception {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        parser.feed(utf8(String.format(HEADER, "a") + FEATURES));
        assertThat(parser.holdsReader()).isFalse();

        parser.feed(utf8("<message to='x@example.com'><body>hal"));
        assertThat(parser.holdsReader()).as("a stanza is half read").isTrue();
        parser.feed(utf8("f</body></message> "));
        assertThat(parser.holdsReader()).as("whitespace after the element was read").isTrue();
        parser.feed(utf8("<presence/>"));
        assertThat(parser.holdsReader()).isFalse();
        assertThat(h.elements).extracting(ParsedElement::toStandaloneXml).containsExactly(
            "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
            "<message xmlns='jabber:client' to='x@example.com'><body>half</body></message>",
            "<presence xmlns='jabber:client'/>");
    }

    /** Many streams take turns on one thread's reader; each delivers exactly what it delivers alone. */
    @Test
    void streamsTakingTurnsOnOneReaderDeliverWhatEachDeliversAlone() throws Exception {
        List<List<String>> pieces = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            List<String> feeds = new ArrayList<>();
            feeds.add(String.format(HEADER, "s" + s) + FEATURES);
            for (int m = 0; m < 6; m++) {
                String stanza = "<message from='u" + s + "@example.com/r' id='" + s + "-" + m + "'><body>é " + m
                    + "</body><x xmlns='jabber:x:s" + s + "'><y/></x></message>";
                if (m % 3 == 1) {
                    // Split inside the start tag and inside a UTF-8 character: this stream keeps its reader.
                    int cut = stanza.indexOf("é") + 1;
                    byte[] bytes = stanza.getBytes(StandardCharsets.UTF_8);
                    feeds.add(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1));
                    feeds.add(new String(bytes, 5, cut - 5, StandardCharsets.ISO_8859_1));
                    feeds.add(new String(bytes, cut, bytes.length - cut, StandardCharsets.ISO_8859_1));
                } else {
                    feeds.add(new String(stanza.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                }
            }
            feeds.add("</stream:stream>");
            pieces.add(feeds);
        }
        List<List<String>> alone = new ArrayList<>();
        for (List<String> feeds : pieces) {
            RecordingHandler h = new RecordingHandler();
            StreamParser parser = new StreamParser(h, 4096);
            for (String f : feeds) {
                parser.feed(latin1(f));
            }
            alone.add(h.events);
        }
        List<RecordingHandler> handlers = new ArrayList<>();
        List<StreamParser> parsers = new ArrayList<>();
        for (int s = 0; s < pieces.size(); s++) {
            RecordingHandler h = new RecordingHandler();
            handlers.add(h);
            parsers.add(new StreamParser(h, 4096));
        }
        for (int step = 0; step < pieces.get(0).size(); step++) {
            for (int s = 0; s < pieces.size(); s++) {
                parsers.get(s).feed(latin1(pieces.get(s).get(step)));
            }
        }
        for (int s = 0; s < pieces.size(); s++) {
            assertThat(handlers.get(s).events).isEqualTo(alone.get(s));
            assertThat(handlers.get(s).events).hasSize(1 + 1 + 6 + 1);
        }
    }

    @Test
    void aStreamWithOtherDeclarationsKeepsItsOwnReader() throws Exception {
        RecordingHandler h = new RecordingHandler();
        StreamParser other = new StreamParser(h, 4096);
        other.feed(utf8("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns:x='urn:x'>" + FEATURES));
        assertThat(other.holdsReader()).isTrue();
        StreamParser prefixed = new StreamParser(new RecordingHandler(), 4096);
        prefixed.feed(utf8("<s:stream xmlns='jabber:client' xmlns:s='http://etherx.jabber.org/streams'>"
            + "<s:features/>"));
        assertThat(prefixed.holdsReader()).isTrue();
        // The bound prefix of the first stream still resolves in its next stanza.
        other.feed(utf8("<message><x:y/></message>"));
        assertThat(h.elements).last().extracting(ParsedElement::toStandaloneXml)
            .isEqualTo("<message xmlns='jabber:client' xmlns:x='urn:x'><x:y/></message>");
    }

    /** A stream that fails while using the shared reader leaves nothing behind for the next stream. */
    @Test
    void aFailureOnTheSharedReaderDoesNotReachTheNextStream() throws Exception {
        StreamParser bad = new StreamParser(new RecordingHandler(), 4096);
        bad.feed(utf8(String.format(HEADER, "bad") + FEATURES));
        assertThatThrownBy(() -> bad.feed(utf8("<message><body>x</wrong></message>")))
            .isInstanceOf(XmlStreamException.class);
        assertThatThrownBy(() -> bad.feed(utf8("stray text at stream level<presence/>")))
            .isInstanceOf(XmlStreamException.class);

        RecordingHandler h = new RecordingHandler();
        StreamParser good = new StreamParser(h, 4096);
        good.feed(utf8(String.format(HEADER, "good") + FEATURES));
        good.feed(utf8("<presence/>"));
        assertThat(h.elements).extracting(ParsedElement::toStandaloneXml)
            .endsWith("<presence xmlns='jabber:client'/>");
        assertThat(good.holdsReader()).isFalse();
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer latin1(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
