package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link InboundParser} reads frame after frame with one reader per thread ({@link ReusedReader}): no reader
 * is created per frame, yet no frame's verdict depends on the frames before it, a failure drops the reader,
 * and the names it collects stay bounded.
 */
class ReusedReaderTest {
    private static final String CHAT = "<message xmlns='jabber:client' to='u12@localhost/bench' type='chat' id='m1'>"
        + "<body>0123456789012345678901234567890123456789012345678901234567890123</body></message>";

    private final InboundParser parser = new InboundParser(1 << 16);

    @Test
    void framesAfterTheFirstCreateNoReader() throws XmlStreamException {
        parser.parse(utf8(CHAT));
        long created = ReusedReader.current().created();
        for (int i = 0; i < 1000; i++) {
            assertThat(parser.parse(utf8(CHAT)).child("body", Namespaces.CLIENT).text()).hasSize(64);
        }
        assertThat(ReusedReader.current().created()).isEqualTo(created);
    }

    /** Measured before the reader was reused: 3.6 KB per frame, of which 2.3 KB was the new reader. */
    @Test
    void aChatFrameAllocatesLessThanANewReaderWould() throws XmlStreamException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer frame = ByteBuffer.wrap(utf8(CHAT));
        for (int i = 0; i < 20_000; i++) {
            parser.parse(frame);
        }
        int n = 10_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            parser.parse(frame);
        }
        long perFrame = (threads.getCurrentThreadAllocatedBytes() - before) / n;
        assertThat(perFrame).isLessThan(2400);
    }

    @Test
    void aRefusedFrameDropsTheReader() throws XmlStreamException {
        parser.parse(utf8(CHAT));
        long created = ReusedReader.current().created();
        assertThatThrownBy(() -> parser.parse(utf8("<message><body>"))).isInstanceOf(XmlStreamException.class);
        assertThat(parser.parse(utf8(CHAT)).localName()).isEqualTo("message");
        assertThat(ReusedReader.current().created()).isEqualTo(created + 1);
    }

    /**
     * Each frame is judged as a document of its own, whatever the reused reader read before it: the prolog
     * rules, bytes after the element, a stray end tag that would close the wrapper, an unclosed element.
     */
    @Test
    void everyFrameGetsTheVerdictOfAReaderOfItsOwn() {
        List<String> frames = List.of(
            CHAT,
            "  \n\t<presence/>\r\n ",
            "<?xml version='1.0'?><presence/>",
            "<?xml version='1.0' encoding='ISO-8859-1'?><presence/>",
            "\uFEFF<presence/>",
            "<presence/>&#32;",
            "<presence/>&amp;",
            "<presence/><![CDATA[ ]]>",
            "<presence/></frames>",
            "</frames><presence/>",
            "<presence/></frames><frames>",
            "<presence/>\r",
            "\n<presence/>",
            "<presence/><!-- c -->",
            "<presence/><?pi x?>",
            "<!DOCTYPE x><x/>",
            "<presence/> <iq/>",
            "<presence>",
            "<presence/>x",
            "x<presence/>",
            "<presence xmlns:a='urn:a'><a:b/></presence>",
            "<a:b/>",
            "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>",
            "<frames/>",
            "<message><body>&lt;&#x1F600;<![CDATA[<x>]]></body></message>",
            "",
            "   ",
            "<",
            "<presence");
        for (String first : frames) {
            for (String second : frames) {
                FuzzChecks.sameVerdictAsAlone(parser, utf8(first));
                FuzzChecks.sameVerdictAsAlone(parser, utf8(second));
            }
        }
    }

    @Test
    void namesCollectedOverManyFramesRenewTheReaderButNeverRefuseAFrame() throws XmlStreamException {
        parser.parse(utf8(CHAT));
        long created = ReusedReader.current().created();
        int frames = 20;
        for (int f = 0; f < frames; f++) {
            // 150 names of its own per frame: far within the limit alone, over it after a few frames together.
            StringBuilder frame = new StringBuilder("<iq>");
            for (int i = 0; i < 150; i++) {
                frame.append("<n").append(f).append('x').append(i).append("/>");
            }
            ParsedElement root = parser.parse(utf8(frame.append("</iq>").toString()));
            assertThat(root.children()).hasSize(150);
            assertThat(ReusedReader.current().names().size()).isLessThanOrEqualTo(ReusedReader.RENEW_NAMES);
        }
        assertThat(ReusedReader.current().created() - created).isBetween(3L, (long) frames);
    }

    @Test
    void aFrameOverTheNameLimitIsRefusedAsAlone() {
        StringBuilder frame = new StringBuilder("<iq>");
        for (int i = 0; i <= XmlRules.MAX_NAMES; i++) {
            frame.append("<n").append(i).append("/>");
        }
        byte[] bytes = utf8(frame.append("</iq>").toString());
        FuzzChecks.sameVerdictAsAlone(parser, bytes);
        assertThatThrownBy(() -> parser.parse(bytes)).isInstanceOfSatisfying(XmlStreamException.class,
            e -> assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION));
    }

    @Test
    void aLargeFrameIsNotKeptAlive() throws XmlStreamException {
        parser.parse(utf8(CHAT));
        long created = ReusedReader.current().created();
        String text = "x".repeat(ReusedReader.RENEW_FRAME_BYTES);
        parser.parse(utf8("<message><body>" + text + "</body></message>"));
        parser.parse(utf8(CHAT));
        assertThat(ReusedReader.current().created()).isEqualTo(created + 1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
