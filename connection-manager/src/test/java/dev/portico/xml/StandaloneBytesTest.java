package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

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
}
