package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bytes forwarded upstream are exactly the standalone XML, copied only when declarations are added. */
class StandaloneBytesTest {
    private final InboundParser parser = new InboundParser(4096);

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    @Test
    void aSelfContainedFrameIsForwardedAsItsOwnBytes() throws Exception {
        String frame = "<message xmlns='jabber:client' to='bob@example.com'><body>héllo 🎉</body></message>";
        ParsedElement element = parser.parse(frame.getBytes(StandardCharsets.UTF_8));
        assertThat(element.standaloneBytes().isReadOnly()).isTrue();
        assertThat(text(element.standaloneBytes())).isEqualTo(frame).isEqualTo(element.toStandaloneXml());
    }

    @Test
    void aBodyChildThatInheritsItsNamespaceGetsTheDeclarationAdded() throws Exception {
        ParsedElement body = parser.parse(("<body xmlns='http://jabber.org/protocol/httpbind' rid='1' sid='s'>"
            + "<presence/></body>").getBytes(StandardCharsets.UTF_8));
        ParsedElement presence = body.children().get(0);
        assertThat(text(presence.standaloneBytes())).isEqualTo(presence.toStandaloneXml()).contains("jabber:client");
    }

    /** What the server's stream sends, cut out by the stream parser (declarations come from the header). */
    private static List<ParsedElement> fromServer(String stanzas) throws Exception {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 1 << 16);
        parser.feed(ByteBuffer.wrap(("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns:db='jabber:server:dialback' from='example.com' id='x' version='1.0'>" + stanzas)
            .getBytes(StandardCharsets.UTF_8)));
        return h.elements;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<presence/>",
        "<presence\n\ttype='unavailable'/>",
        "<message id='a>b' to='x@example.com/r'><body>1 &gt; 0 &amp; 'q'</body></message>",
        "<message to='日本@example.com'><body>héllo 🎉 日本語</body></message>",
        "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
        "<db:result to='a' from='b'>key</db:result>",
        "<iq type='result' id='r'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>",
        "<ñandú><x/></ñandú>",
        "<message xmlns='jabber:client'><body>declares its own</body></message>"})
    void serverStanzasGetTheirDeclarationsSplicedInAsBytesExactlyAsTheTextFormDoes(String stanza) throws Exception {
        ParsedElement element = fromServer(stanza).get(0);
        byte[] spliced = element.standaloneUtf8();
        String xml = new String(spliced, StandardCharsets.UTF_8);
        assertThat(xml).isEqualTo(element.toStandaloneXml());
        assertThat(spliced).isEqualTo(element.toStandaloneXml().getBytes(StandardCharsets.UTF_8));
        // It parses on its own, in the namespace it had in the stream.
        ParsedElement alone = parser.parse(spliced);
        assertThat(alone.namespaceUri()).isEqualTo(element.namespaceUri());
        assertThat(alone.attributes()).isEqualTo(element.attributes());
        assertThat(alone.text()).isEqualTo(element.text());
    }

    @Test
    void theCommonClientNamespaceIsInsertedRightAfterTheName() throws Exception {
        ParsedElement message = fromServer("<message to='a@b'><body>x</body></message>").get(0);
        assertThat(new String(message.standaloneUtf8(), StandardCharsets.UTF_8))
            .isEqualTo("<message xmlns='jabber:client' to='a@b'><body>x</body></message>");
        ParsedElement features = fromServer("<stream:features/>").get(0);
        assertThat(new String(features.standaloneUtf8(), StandardCharsets.UTF_8))
            .isEqualTo("<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>");
    }

    @Test
    void eachCallGivesANewArraySoATransportMayKeepIt() throws Exception {
        ParsedElement message = fromServer("<message><body>x</body></message>").get(0);
        assertThat(message.standaloneUtf8()).isNotSameAs(message.standaloneUtf8()).isEqualTo(message.standaloneUtf8());
    }
}
