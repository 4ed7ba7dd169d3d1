package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 6120 §6.4.6 / §5.4.3.3: after SASL success or TLS proceed a new XML document starts mid-read. */
class StreamParserRestartTest {
    static final String FIRST = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='one' from='example.com' version='1.0'>"
            + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
            + "</mechanisms></stream:features>";
    static final String SUCCESS = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>";
    static final String SECOND_HEADER = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='two' from='example.com' version='1.0'>";
    static final String SECOND = "<?xml version='1.0'?>" + SECOND_HEADER
            + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";
    static final byte[] BYTES = (FIRST + SUCCESS + SECOND).getBytes(StandardCharsets.UTF_8);

    @Test
    void restartInsideOnElementHandsTheRestOfTheSameFeedToANewDocument() throws XmlStreamException {
        RecordingHandler h = restartingHandler();
        h.parser.feed(ByteBuffer.wrap(BYTES));

        assertThat(h.headers).extracting(e -> e.attribute("id")).containsExactly("one", "two");
        assertThat(RecordingHandler.utf8(h.headers.get(1).raw())).isEqualTo(SECOND_HEADER);
        assertThat(h.elements).extracting(ParsedElement::localName).containsExactly("features", "success", "features");
        assertThat(h.elements.get(2).child("bind", Namespaces.BIND)).isNotNull();
        assertThat(h.parser.bytesFed()).isEqualTo(BYTES.length);
    }

    @Test
    void restartWorksWhereverTheFeedsAreSplit() throws XmlStreamException {
        RecordingHandler whole = restartingHandler();
        whole.parser.feed(ByteBuffer.wrap(BYTES));
        for (int split = 0; split <= BYTES.length; split++) {
            RecordingHandler h = restartingHandler();
            Feeds.feed(h.parser, BYTES, 0, split, false);
            Feeds.feed(h.parser, BYTES, split, BYTES.length, true);
            assertThat(h.events).as("split at %d", split).isEqualTo(whole.events);
        }
        for (int size = 1; size <= 3; size++) {
            RecordingHandler h = restartingHandler();
            Feeds.inChunksOf(h.parser, BYTES, size);
            assertThat(h.events).as("chunks of %d", size).isEqualTo(whole.events);
        }
    }

    @Test
    void restartBetweenFeedsStartsTheNextFeedAsANewDocument() throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        parser.feed(ByteBuffer.wrap((FIRST + SUCCESS).getBytes(StandardCharsets.UTF_8)));
        parser.restart();
        parser.feed(ByteBuffer.wrap(SECOND.getBytes(StandardCharsets.UTF_8)));
        assertThat(h.headers).extracting(e -> e.attribute("id")).containsExactly("one", "two");
    }

    @Test
    void withoutRestartASecondXmlDeclarationIsNotWellFormed() {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(BYTES)))
                .isInstanceOfSatisfying(XmlStreamException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED));
        assertThat(h.elements).extracting(ParsedElement::localName).containsExactly("features", "success");
    }

    @Test
    void streamCloseThenRestartAcceptsANewStream() throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        parser.feed(ByteBuffer.wrap((FIRST + "</stream:stream>").getBytes(StandardCharsets.UTF_8)));
        parser.restart();
        parser.feed(ByteBuffer.wrap(SECOND.getBytes(StandardCharsets.UTF_8)));
        assertThat(h.events).hasSize(5);
        assertThat(h.events.get(2)).isEqualTo("close");
    }

    @Test
    void bytesAfterAnElementThatMustEndTheReadFailTheFeedBeforeTheyAreParsed() {
        String proceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
        String injected = SECOND + "<message><body>injected</body></message>";
        RecordingHandler h = new RecordingHandler() {
            @Override
            public void onElement(ParsedElement element) {
                super.onElement(element);
                if (element.is("proceed", "urn:ietf:params:xml:ns:xmpp-tls")) {
                    parser.restartWithNothingAfter();
                }
            }
        };
        h.parser = new StreamParser(h, 4096);
        assertThatThrownBy(() -> h.parser.feed(ByteBuffer.wrap((FIRST + proceed + injected).getBytes(StandardCharsets.UTF_8))))
            .isInstanceOf(XmlStreamException.class)
            .satisfies(e -> assertThat(((XmlStreamException) e).condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
        assertThat(h.headers).hasSize(1);
        assertThat(h.elements).extracting(ParsedElement::localName).containsExactly("features", "proceed");
    }

    @Test
    void anElementThatEndsTheReadExactlyRestartsCleanly() throws XmlStreamException {
        String proceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
        RecordingHandler h = new RecordingHandler() {
            @Override
            public void onElement(ParsedElement element) {
                super.onElement(element);
                if (element.is("proceed", "urn:ietf:params:xml:ns:xmpp-tls")) {
                    parser.restartWithNothingAfter();
                }
            }
        };
        h.parser = new StreamParser(h, 4096);
        h.parser.feed(ByteBuffer.wrap((FIRST + proceed).getBytes(StandardCharsets.UTF_8)));
        h.parser.feed(ByteBuffer.wrap(SECOND.getBytes(StandardCharsets.UTF_8)));
        assertThat(h.headers).extracting(e -> e.attribute("id")).containsExactly("one", "two");
    }

    private static RecordingHandler restartingHandler() {
        RecordingHandler h = new RecordingHandler(e -> e.is("success", Namespaces.SASL));
        h.parser = new StreamParser(h, 4096);
        return h;
    }
}
