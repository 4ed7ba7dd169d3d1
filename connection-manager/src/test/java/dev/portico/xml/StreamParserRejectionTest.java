package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6120 §11 restrictions and the size limits, each with its stream error, however the bytes arrive. */
class StreamParserRejectionTest {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='x' version='1.0'>";
    static final int MAX = 512;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "doctype in prolog            | <?xml version='1.0'?><!DOCTYPE stream><stream:stream xmlns:stream='http://etherx.jabber.org/streams'> | RESTRICTED_XML",
        "doctype with internal subset | <!DOCTYPE s [<!ENTITY boom 'x'>]><stream:stream xmlns:stream='http://etherx.jabber.org/streams'> | RESTRICTED_XML",
        "undeclared entity            | HEADER<message><body>&boom;</body></message> | RESTRICTED_XML",
        "entity in attribute          | HEADER<message to='&boom;'/> | RESTRICTED_XML",
        "processing instruction       | HEADER<?php echo 1 ?> | RESTRICTED_XML",
        "PI inside a stanza           | HEADER<message><?x y?></message> | RESTRICTED_XML",
        "PI in prolog                 | <?xml version='1.0'?><?x y?> | RESTRICTED_XML",
        "comment between stanzas      | HEADER<!-- hi --> | RESTRICTED_XML",
        "comment inside a stanza      | HEADER<message><!-- hi --></message> | RESTRICTED_XML",
        "text at stream level         | HEADER hello <presence/> | NOT_WELL_FORMED",
        "cdata at stream level        | HEADER<![CDATA[x]]> | NOT_WELL_FORMED",
        "mismatched end tag           | HEADER<message></iq><presence/> | NOT_WELL_FORMED",
        "unbound prefix               | HEADER<foo:bar/> | NOT_WELL_FORMED",
        "wrong root namespace         | <stream:stream xmlns:stream='urn:not-streams'> | INVALID_NAMESPACE",
        "root without namespace       | <stream> | INVALID_NAMESPACE",
        "wrong root element           | <html xmlns='http://www.w3.org/1999/xhtml'> | NOT_WELL_FORMED",
        "latin-1 declared             | <?xml version='1.0' encoding='ISO-8859-1'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'> | UNSUPPORTED_ENCODING",
        "utf-16 declared              | <?xml version='1.0' encoding='UTF-16'?> | UNSUPPORTED_ENCODING",
        "control character in text    | HEADER<message><body>a\u0001b</body></message> | NOT_WELL_FORMED",
        "element in reserved prefix   | HEADER<message><xmlns:p/></message> | NOT_WELL_FORMED",
        "doctype after a broken header | <stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='1'b='2'><!DOCTYPE x> | NOT_WELL_FORMED",
        "name quoting Aalto's words   | HEADER<ENTITY_REFERENCE:x/> | NOT_WELL_FORMED",
    })
    void rejectsWithTheRightCondition(String name, String xml, StreamErrorCondition condition) {
        byte[] bytes = xml.replace("HEADER", HEADER).getBytes(StandardCharsets.UTF_8);
        assertRejected(bytes, bytes.length, condition);
        assertRejected(bytes, 1, condition);
        assertRejected(bytes, 3, condition);
    }

    @Test
    void elementLargerThanTheLimitIsAPolicyViolation() {
        byte[] bytes = (HEADER + "<message><body>" + "a".repeat(MAX) + "</body></message>")
                .getBytes(StandardCharsets.UTF_8);
        assertRejected(bytes, bytes.length, StreamErrorCondition.POLICY_VIOLATION);
        assertRejected(bytes, 2, StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void oversizeIsDetectedBeforeTheElementEnds() throws XmlStreamException {
        StreamParser parser = new StreamParser(new RecordingHandler(), MAX);
        parser.feed(utf8(HEADER + "<message><body>"));
        for (int i = 0; i < MAX / 64 - 1; i++) {
            parser.feed(utf8("b".repeat(64)));
        }
        assertThatThrownBy(() -> parser.feed(utf8("b".repeat(64))))
                .isInstanceOfSatisfying(XmlStreamException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
    }

    @Test
    void endlessStartTagIsAPolicyViolation() throws XmlStreamException {
        StreamParser parser = new StreamParser(new RecordingHandler(), MAX);
        parser.feed(utf8(HEADER + "<message to='"));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                parser.feed(utf8("x".repeat(64)));
            }
        }).isInstanceOfSatisfying(XmlStreamException.class,
                e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
    }

    @Test
    void elementsUpToTheLimitPass() throws XmlStreamException {
        String message = "<message><body>" + "a".repeat(MAX - 35) + "</body></message>";
        assertThat(message).hasSize(MAX - 3);
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, MAX);
        byte[] bytes = (HEADER + message + message).getBytes(StandardCharsets.UTF_8);
        Feeds.inChunksOf(parser, bytes, 7);
        assertThat(h.elements).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 100})
    void nestingDeeperThan64IsAPolicyViolation(int depth) {
        // The stream element is level 1, so 63 nested elements reach depth 64.
        byte[] bytes = (HEADER + "<a>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
        assertRejected(bytes, bytes.length, StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void nesting64DeepPasses() throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 4096);
        parser.feed(utf8(HEADER + "<a>".repeat(63) + "</a>".repeat(63)));
        assertThat(h.elements).hasSize(1);
    }

    @Test
    void moreThan128AttributesIsAPolicyViolation() {
        StringBuilder tag = new StringBuilder("<message");
        for (int i = 0; i < 129; i++) {
            tag.append(" a").append(i).append("='1'");
        }
        byte[] bytes = (HEADER + tag + "/>").getBytes(StandardCharsets.UTF_8);
        assertRejected(bytes, bytes.length, StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void afterAFailureEveryFeedThrowsTheSameCondition() {
        StreamParser parser = new StreamParser(new RecordingHandler(), MAX);
        assertThatThrownBy(() -> parser.feed(utf8(HEADER + "<!-- no -->")))
                .isInstanceOf(XmlStreamException.class);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> parser.feed(utf8("<presence/>")))
                    .isInstanceOfSatisfying(XmlStreamException.class,
                            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML));
        }
    }

    @Test
    void handlerExceptionsPropagateAndFailTheParser() {
        StreamParser parser = new StreamParser(new RecordingHandler() {
            @Override
            public void onElement(ParsedElement element) {
                throw new IllegalStateException("session gone");
            }
        }, MAX);
        assertThatThrownBy(() -> parser.feed(utf8(HEADER + "<presence/>"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> parser.feed(utf8("<presence/>"))).isInstanceOf(XmlStreamException.class);
    }

    private static void assertRejected(byte[] bytes, int chunk, StreamErrorCondition condition) {
        StreamParser parser = new StreamParser(new RecordingHandler(), MAX);
        assertThatThrownBy(() -> Feeds.inChunksOf(parser, bytes, chunk))
                .as("chunks of %d", chunk)
                .isInstanceOfSatisfying(XmlStreamException.class, e -> assertThat(e.condition()).isEqualTo(condition));
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
