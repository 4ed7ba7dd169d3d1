package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 7: no input makes the parsers do more than a constant amount of work per byte. The work
 * is counted (namespace bookkeeping steps, bytes copied and searched), never timed.
 *
 * <p>Before the fix a BOSH body of nested elements with many prefixes cost ~1.8 s of CPU (every use of
 * a prefix was compared with every binding collected so far, once per level), one of 30,000 distinct
 * element names ~12 s (Aalto's symbol table degrades to linear search), and an upstream element
 * trickling in byte by byte was copied and searched whole on every feed.
 */
class ParserWorkIsLinearTest {
    private static final String BODY_OPEN = "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'>";
    private static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
        + " xmlns:db='jabber:server:dialback' id='s1' from='example.com' version='1.0'>";

    /**
     * The costliest shape the limits allow: 60 nested elements each declaring one prefix, then leaves
     * whose names and attributes use prefixes from every level.
     */
    static byte[] nestedPrefixBody(int leaves) {
        int levels = 60;
        StringBuilder sb = new StringBuilder(BODY_OPEN);
        for (int l = 0; l < levels; l++) {
            sb.append("<e xmlns:p").append(l).append("='urn:p").append(l).append("'>");
        }
        for (int j = 0; j < leaves; j++) {
            sb.append("<p").append(j % levels).append(":x");
            for (int a = 0; a < levels; a++) {
                sb.append(" p").append(a).append(":a=''");
            }
            sb.append("/>");
        }
        sb.append("</e>".repeat(levels));
        return sb.append("</body>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void namespaceBookkeepingIsAtMostTwoStepsPerByteAndGrowsLinearly() throws XmlStreamException {
        long[] work = new long[4];
        long[] bytes = new long[4];
        for (int i = 0; i < work.length; i++) {
            byte[] body = nestedPrefixBody(50 << i);
            InboundParser parser = new InboundParser(body.length);
            long before = parser.work();
            ParsedElement root = parser.parse(body);
            assertThat(root.children()).hasSize(1);
            work[i] = parser.work() - before;
            bytes[i] = body.length;
            assertThat(work[i]).as("steps for %d bytes", bytes[i]).isLessThanOrEqualTo(2 * bytes[i]);
        }
        for (int i = 1; i < work.length; i++) {
            double growth = (double) work[i] / work[i - 1];
            double inputGrowth = (double) bytes[i] / bytes[i - 1];
            assertThat(growth).as("work growth when the input grows %.2fx", inputGrowth).isLessThan(inputGrowth * 1.1);
        }
    }

    @Test
    void stanzasInheritingManyHeaderPrefixesCostLinearWorkToo() throws XmlStreamException {
        // Upstream: a header declaring 60 prefixes and stanzas using all of them (sorting the inherited list).
        StringBuilder header = new StringBuilder("<stream:stream xmlns='jabber:client' xmlns:stream='")
            .append(Namespaces.STREAMS).append('\'');
        for (int i = 0; i < 60; i++) {
            header.append(" xmlns:q").append(59 - i).append("='urn:q").append(i).append('\'');
        }
        header.append('>');
        StringBuilder stanza = new StringBuilder("<message>");
        for (int i = 0; i < 60; i++) {
            stanza.append("<q").append(i).append(":x/>");
        }
        stanza.append("</message>");
        long[] work = new long[3];
        long[] bytes = new long[3];
        for (int i = 0; i < work.length; i++) {
            RecordingHandler h = new RecordingHandler();
            StreamParser parser = new StreamParser(h, 65536);
            parser.feed(utf8(header));
            long before = parser.work();
            int count = 20 << i;
            for (int n = 0; n < count; n++) {
                parser.feed(utf8(stanza));
            }
            work[i] = parser.work() - before;
            bytes[i] = (long) count * stanza.length();
            assertThat(h.elements).hasSize(count);
            assertThat(h.elements.get(0).toStandaloneXml()).contains(" xmlns:q0='urn:q59'", " xmlns:q59='urn:q0'");
            assertThat(work[i]).isLessThanOrEqualTo(2 * bytes[i]);
        }
        assertThat((double) work[2] / work[0]).isLessThan(4.4);
    }

    @Test
    void moreThan64PrefixesInOneStanzaAreAPolicyViolation() {
        // 13 levels of 5 declarations each: 65 prefixes, none of the other limits reached.
        StringBuilder sb = new StringBuilder(BODY_OPEN);
        for (int l = 0; l < 13; l++) {
            sb.append("<e");
            for (int i = 0; i < 5; i++) {
                sb.append(" xmlns:p").append(l).append('_').append(i).append("='urn:p'");
            }
            sb.append('>');
        }
        sb.append("</e>".repeat(13)).append("</body>");
        InboundParser parser = new InboundParser(1 << 20);
        assertThatThrownBy(() -> parser.parse(sb.toString().getBytes(StandardCharsets.UTF_8)))
            .isInstanceOfSatisfying(XmlStreamException.class, e -> {
                assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
                assertThat(e.getMessage()).contains("64 namespace prefixes");
            });
    }

    @Test
    void sixtyFourPrefixesAreFine() throws XmlStreamException {
        StringBuilder sb = new StringBuilder("<body xmlns='http://jabber.org/protocol/httpbind' rid='1'>");
        for (int l = 0; l < 63; l++) {
            sb.append("<e xmlns:p").append(l).append("='urn:p").append(l).append("'>");
        }
        sb.append("</e>".repeat(63)).append("</body>");
        // 63 prefixes plus the default namespace of <body>.
        assertThat(new InboundParser(1 << 20).parse(sb.toString().getBytes(StandardCharsets.UTF_8)).localName())
            .isEqualTo("body");
    }

    @Test
    void aBodyOfManyDistinctNamesIsAPolicyViolation() {
        StringBuilder sb = new StringBuilder(BODY_OPEN).append("<message xmlns='jabber:client'>");
        for (int i = 0; i < 30_000; i++) {
            sb.append("<n").append(Integer.toString(i, 36)).append("/>");
        }
        sb.append("</message></body>");
        InboundParser parser = new InboundParser(1 << 20);
        assertThatThrownBy(() -> parser.parse(sb.toString().getBytes(StandardCharsets.UTF_8)))
            .isInstanceOfSatisfying(XmlStreamException.class, e -> {
                assertThat(e.condition()).isEqualTo(StreamErrorCondition.POLICY_VIOLATION);
                assertThat(e.getMessage()).contains("distinct element and attribute names");
            });
        // The parser is reusable: the next frame starts with an empty budget.
        assertThat(parserAccepts(parser, "<presence xmlns='jabber:client'/>")).isTrue();
    }

    @Test
    void distinctNamesAcrossAnUpstreamStreamRenewTheReaderInsteadOfGrowingIt() throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        StreamParser parser = new StreamParser(h, 65536);
        parser.feed(utf8(HEADER));
        int count = 3_000;
        for (int i = 0; i < count; i++) {
            // Each stanza brings three new names and uses two namespaces of the header.
            parser.feed(utf8("<message id='m" + i + "'><n" + i + " xmlns='urn:n'/><db:v" + i + " x" + i + "=''/></message>"));
        }
        assertThat(h.elements).hasSize(count);
        assertThat(parser.readerRenewals()).isGreaterThanOrEqualTo(count * 3L / XmlRules.MAX_NAMES);
        // Stanzas parsed by a renewed reader still inherit the header's namespaces, byte for byte as before.
        assertThat(h.elements.get(count - 1).toStandaloneXml()).isEqualTo("<message xmlns='jabber:client'"
            + " xmlns:db='jabber:server:dialback' id='m2999'><n2999 xmlns='urn:n'/><db:v2999 x2999=''/></message>");
        assertThat(h.headers).hasSize(1);
        parser.feed(utf8("</stream:stream>"));
        assertThat(h.events).last().isEqualTo("close");
    }

    @Test
    void renewalWorksWhereverTheFeedsAreSplit() throws XmlStreamException {
        StringBuilder all = new StringBuilder(HEADER);
        for (int i = 0; i < 300; i++) {
            all.append("<message id='m").append(i).append("'><db:v").append(i).append("/></message>");
        }
        byte[] bytes = all.append("</stream:stream>").toString().getBytes(StandardCharsets.UTF_8);
        RecordingHandler whole = new RecordingHandler();
        new StreamParser(whole, 4096).feed(ByteBuffer.wrap(bytes));
        for (int size = 1; size <= 3; size++) {
            RecordingHandler h = new RecordingHandler();
            StreamParser parser = new StreamParser(h, 4096);
            Feeds.inChunksOf(parser, bytes, size);
            assertThat(parser.readerRenewals()).isPositive();
            assertThat(h.events).as("chunks of %d", size).isEqualTo(whole.events);
        }
    }

    @Test
    void anElementTricklingInByteByByteIsCopiedAndSearchedOnlyOnce() throws XmlStreamException {
        for (int size : new int[] {8_000, 32_000}) {
            // A start tag that never seems to end (no tree open yet), then a long text (tree open).
            String value = "v".repeat(size / 2);
            byte[] stanza = ("<message a='" + value + "'><body>" + value + "</body></message>")
                .getBytes(StandardCharsets.UTF_8);
            RecordingHandler h = new RecordingHandler();
            StreamParser parser = new StreamParser(h, 65536);
            parser.feed(utf8(HEADER));
            long before = parser.bytesTouched();
            Feeds.inChunksOf(parser, stanza, 1);
            assertThat(h.elements).hasSize(1);
            // Appending with doubling copies each byte at most about twice; the search sees each once.
            assertThat(parser.bytesTouched() - before).as("bytes touched for %d", stanza.length)
                .isLessThanOrEqualTo(4L * stanza.length);
        }
    }

    private static boolean parserAccepts(InboundParser parser, String xml) {
        try {
            parser.parse(xml.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (XmlStreamException e) {
            return false;
        }
    }

    private static ByteBuffer utf8(CharSequence s) {
        return ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
