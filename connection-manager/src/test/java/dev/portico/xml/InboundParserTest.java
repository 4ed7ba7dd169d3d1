package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every browser frame or body is validated whole before anything of it is forwarded. */
class InboundParserTest {
    private final InboundParser parser = new InboundParser(1024);

    @Test
    void singleElementIsReturnedWithItsExactBytes() throws XmlStreamException {
        String frame = "<message xmlns='jabber:client' to='romeo@example.net' type='chat'>"
                + "<body>héllo 日本 🎉</body></message>";
        ParsedElement e = parser.parse(("<?xml version='1.0'?>\n " + frame + " \r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(e.is("message", Namespaces.CLIENT)).isTrue();
        assertThat(RecordingHandler.utf8(e.raw())).isEqualTo(frame);
        assertThat(e.toStandaloneXml()).isEqualTo(frame);
        assertThat(e.child("body", Namespaces.CLIENT).text()).isEqualTo("héllo 日本 🎉");
    }

    @Test
    void byteBufferOverloadReadsTheRemainingBytesWithoutMovingThePosition() throws XmlStreamException {
        byte[] padded = "xx<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>yy"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(padded, 2, padded.length - 4);
        ParsedElement e = parser.parse(buf);
        assertThat(e.is("open", Namespaces.FRAMING)).isTrue();
        assertThat(e.attribute("to")).isEqualTo("example.com");
        assertThat(buf.position()).isEqualTo(2);

        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put("  <presence xmlns='jabber:client'/>".getBytes(StandardCharsets.UTF_8)).flip().position(2);
        assertThat(RecordingHandler.utf8(parser.parse(direct).raw())).isEqualTo("<presence xmlns='jabber:client'/>");
    }

    @Test
    void boshBodyChildrenBecomeStandaloneClientStanzas() throws XmlStreamException {
        String message = "<message to='juliet@example.com' type='chat'><body>hi &amp; bye</body></message>";
        String presence = "<presence/>";
        String iq = "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>";
        String body = "<body rid='1249243562' sid='ae33' xmlns='http://jabber.org/protocol/httpbind'"
                + " xmlns:xmpp='urn:xmpp:xbosh'>" + message + presence + iq + "</body>";
        ParsedElement e = parser.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(e.is("body", Namespaces.HTTPBIND)).isTrue();
        assertThat(e.children()).extracting(c -> RecordingHandler.utf8(c.raw()))
                .containsExactly(message, presence, iq);
        assertThat(e.children()).extracting(ParsedElement::toStandaloneXml).containsExactly(
                "<message xmlns='jabber:client' to='juliet@example.com' type='chat'><body>hi &amp; bye</body></message>",
                "<presence xmlns='jabber:client'/>",
                "<iq xmlns='jabber:client' type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>");
    }

    @Test
    void boshChildThatDeclaresItsNamespaceIsUnchanged() throws XmlStreamException {
        String message = "<message xmlns='jabber:client' to='a@b'/>";
        ParsedElement e = parser.parse(("<body xmlns='http://jabber.org/protocol/httpbind' rid='2'>" + message
                + "</body>").getBytes(StandardCharsets.UTF_8));
        assertThat(e.children().get(0).toStandaloneXml()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "two elements                 | <presence/><presence/> | NOT_WELL_FORMED",
        "trailing text                | <presence/>hello | NOT_WELL_FORMED",
        "trailing partial tag         | <presence/><pre | NOT_WELL_FORMED",
        "no element                   | '  ' | NOT_WELL_FORMED",
        "space before XML declaration | ' <?xml version=''1.0''?><presence/>' | NOT_WELL_FORMED",
        "unclosed element             | <message><body>hi</body> | NOT_WELL_FORMED",
        "mismatched end               | <message></body> | NOT_WELL_FORMED",
        "closing the stream inside    | <message>hi</stream:stream> | NOT_WELL_FORMED",
        "stream element nested        | <message><stream:stream xmlns:stream='http://etherx.jabber.org/streams'/></message> | INVALID_XML",
        "stream element as root       | <stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='example.com'> | INVALID_XML",
        "doctype                      | <!DOCTYPE message><message/> | RESTRICTED_XML",
        "doctype with internal subset | <!DOCTYPE m [<!ENTITY lol 'lol'>]><m>&lol;</m> | RESTRICTED_XML",
        "entity reference             | <message><body>&lol;</body></message> | RESTRICTED_XML",
        "processing instruction       | <message><?php x?></message> | RESTRICTED_XML",
        "trailing comment             | <message/><!-- c --> | RESTRICTED_XML",
        "leading PI                   | <?foo?><message/> | RESTRICTED_XML",
        "comment                      | <message><!-- c --></message> | RESTRICTED_XML",
        "latin-1                      | <?xml version='1.0' encoding='ISO-8859-1'?><message/> | UNSUPPORTED_ENCODING",
        "utf-16                       | <?xml version='1.0' encoding='UTF-16'?><message/> | UNSUPPORTED_ENCODING",
        "control character in text    | <message><body>a\u0001b</body></message> | NOT_WELL_FORMED",
        "control character deep down  | <message><x xmlns='urn:x'><y><z>a\u001bb</z></y></x></message> | NOT_WELL_FORMED",
        "control character in attr    | <message id='\u0007'/> | NOT_WELL_FORMED",
        "XML 1.1 declared             | <?xml version='1.1'?><message/> | UNSUPPORTED_VERSION",
        "element in reserved prefix   | <az><xmlns:p/></az> | NOT_WELL_FORMED",
        "doctype after the error      | <a b='1'c='2'/><!DOCTYPE x> | NOT_WELL_FORMED",
        "name quoting Aalto's words   | <ENTITY_REFERENCE:x/> | NOT_WELL_FORMED",
    })
    void rejectsWithTheRightCondition(String name, String xml, StreamErrorCondition condition) {
        assertRejected(xml.getBytes(StandardCharsets.UTF_8), condition);
    }

    /** Aalto decodes leniently; each of these reached the server as it was before the strict check. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "overlong NUL          | C0 80",
        "overlong 2 bytes      | C1 BF",
        "overlong 3 bytes      | E0 80 80",
        "overlong 4 bytes      | F0 8F BF BF",
        "above U+10FFFF        | F4 90 80 80",
        "surrogate             | ED A0 80",
        "lone continuation     | 80",
        "truncated at the end  | E6 97",
        "5-byte form           | F8 88 80 80 80",
    })
    void illFormedUtf8IsAnEncodingError(String name, String hex) {
        byte[] bad = HexFormat.ofDelimiter(" ").parseHex(hex);
        byte[] before = "<message><body>x".getBytes(StandardCharsets.UTF_8);
        byte[] after = "y</body></message>".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, frame, 0, before.length);
        System.arraycopy(bad, 0, frame, before.length, bad.length);
        System.arraycopy(after, 0, frame, before.length + bad.length, after.length);
        assertRejected(frame, StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void framesLargerThanTheLimitAreRejectedBeforeParsing() {
        byte[] frame = ("<message><body>" + "a".repeat(1024) + "</body></message>").getBytes(StandardCharsets.UTF_8);
        assertRejected(frame, StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void depthAndAttributeLimitsApply() throws XmlStreamException {
        assertRejected(("<a>".repeat(65) + "</a>".repeat(65)).getBytes(StandardCharsets.UTF_8),
                StreamErrorCondition.POLICY_VIOLATION);
        assertThat(parser.parse(("<a>".repeat(64) + "</a>".repeat(64)).getBytes(StandardCharsets.UTF_8))).isNotNull();

        StringBuilder tag = new StringBuilder("<message");
        for (int i = 0; i < 129; i++) {
            tag.append(" a").append(i).append("='1'");
        }
        assertRejected(tag.append("/>").toString().getBytes(StandardCharsets.UTF_8),
                StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void aFailedFrameLeavesTheParserUsable() throws XmlStreamException {
        assertRejected("<message>".getBytes(StandardCharsets.UTF_8), StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(parser.parse("<presence/>".getBytes(StandardCharsets.UTF_8)).localName()).isEqualTo("presence");
    }

    private void assertRejected(byte[] frame, StreamErrorCondition condition) {
        assertThatThrownBy(() -> parser.parse(frame))
                .isInstanceOfSatisfying(XmlStreamException.class, e -> assertThat(e.condition()).isEqualTo(condition));
    }

    /** BoshBodyFuzzTest found it: asking Aalto where it failed made it throw an internal error. */
    @Test
    void aFailureInsideBrokenCharactersIsNotWellFormedNotAnInternalError() throws Exception {
        byte[] body;
        try (var in = getClass().getResourceAsStream("/dev/portico/transport/bosh/BoshBodyFuzzTestInputs/"
                + "everyBodyIsAnsweredWithABodyOrHeld/crash-f1a2ca3020ec6fa6d4ecf38f20de04c623a212a6")) {
            body = in.readAllBytes();
        }
        assertThatThrownBy(() -> new InboundParser(1 << 16).parse(body)).isInstanceOf(XmlStreamException.class);
    }
}
