package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same events and byte-exact slices however TCP splits the stream, inside UTF-8 characters too. */
class StreamParserChunkingTest {
    static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " id='5f1c-8e2a' from='example.com' version='1.0' xml:lang='en'>";
    static final String FEATURES = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    static final String MESSAGE = "<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat'"
            + " id='m1' xml:lang='fr'><body>héllo 日本 🎉 &#x41; &amp; &lt;b&gt;</body>"
            + "<x xmlns='jabber:x:test'><![CDATA[<not-a-tag> & 🎉]]></x></message>";
    static final String IQ = "<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<jid>juliet@example.com/balcony</jid></bind></iq>";
    static final String PRESENCE = "<presence from='nurse@example.com'/>";
    static final String TRANSCRIPT = "<?xml version='1.0'?>" + HEADER + FEATURES + " \n " + MESSAGE
            + "\n\t " + IQ + " " + PRESENCE + "\n</stream:stream>";
    static final byte[] BYTES = TRANSCRIPT.getBytes(StandardCharsets.UTF_8);

    static List<String> expected;

    @BeforeAll
    static void parseInOnePiece() throws XmlStreamException {
        expected = run(p -> p.feed(java.nio.ByteBuffer.wrap(BYTES)));
    }

    @Test
    void singleFeedDeliversHeaderElementsAndCloseWithExactBytes() throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        parser.feed(java.nio.ByteBuffer.wrap(BYTES));

        assertThat(h.headers).hasSize(1);
        ParsedElement header = h.headers.get(0);
        assertThat(RecordingHandler.utf8(header.raw())).isEqualTo(HEADER);
        assertThat(header.attribute("id")).isEqualTo("5f1c-8e2a");
        assertThat(header.attribute(Namespaces.XML, "lang")).isEqualTo("en");
        assertThat(header.namespaceDeclarations())
                .containsEntry("", Namespaces.CLIENT).containsEntry("stream", Namespaces.STREAMS);

        assertThat(h.elements).extracting(e -> RecordingHandler.utf8(e.raw()))
                .containsExactly(FEATURES, MESSAGE, IQ, PRESENCE);
        assertThat(h.events).last().isEqualTo("close");
        assertThat(parser.bytesFed()).isEqualTo(BYTES.length);

        ParsedElement message = h.elements.get(1);
        assertThat(message.child("body", Namespaces.CLIENT).text()).isEqualTo("héllo 日本 🎉 A & <b>");
        assertThat(message.child("x", "jabber:x:test").text()).isEqualTo("<not-a-tag> & 🎉");
        assertThat(RecordingHandler.utf8(message.children().get(0).raw()))
                .isEqualTo("<body>héllo 日本 🎉 &#x41; &amp; &lt;b&gt;</body>");
        assertThat(message.attributes()).containsEntry("xml:lang", "fr").containsEntry("to", "romeo@example.net");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 64})
    void smallChunksGiveTheSameEvents(int size) throws XmlStreamException {
        assertThat(run(p -> Feeds.inChunksOf(p, BYTES, size))).isEqualTo(expected);
    }

    @Test
    void everySplitIntoTwoFeedsGivesTheSameEvents() throws XmlStreamException {
        for (int split = 0; split <= BYTES.length; split++) {
            int at = split;
            List<String> events = run(p -> {
                Feeds.feed(p, BYTES, 0, at, at % 2 == 0);
                Feeds.feed(p, BYTES, at, BYTES.length, at % 3 == 0);
            });
            assertThat(events).as("split at %d", at).isEqualTo(expected);
        }
    }

    @Test
    void randomChunkingsGiveTheSameEvents() throws XmlStreamException {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            List<String> events = run(p -> {
                int i = 0;
                while (i < BYTES.length) {
                    int end = Math.min(BYTES.length, i + 1 + random.nextInt(40));
                    Feeds.feed(p, BYTES, i, end, random.nextBoolean());
                    i = end;
                }
            });
            assertThat(events).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void emptyFeedsChangeNothing() throws XmlStreamException {
        List<String> events = run(p -> {
            for (int i = 0; i < BYTES.length; i++) {
                Feeds.feed(p, BYTES, i, i, false);
                Feeds.feed(p, BYTES, i, i + 1, false);
            }
        });
        assertThat(events).isEqualTo(expected);
    }

    @Test
    void whitespaceKeepAlivesProduceNoEvents() throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        Feeds.feed(parser, bytes(HEADER), 0, bytes(HEADER).length, false);
        for (int i = 0; i < 1000; i++) {
            Feeds.feed(parser, bytes(" \n"), 0, 2, false);
        }
        assertThat(h.events).hasSize(1);
    }

    interface Feeding {
        void into(StreamParser parser) throws XmlStreamException;
    }

    static List<String> run(Feeding feeding) throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        h.parser = parser;
        feeding.into(parser);
        return h.events;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
