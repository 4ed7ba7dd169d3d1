package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The response wrapper is written straight into bytes: exactly the XML the attributes and payloads make. */
class BodyXmlTest {
    private static final String START = "<body xmlns='http://jabber.org/protocol/httpbind'";

    @Test
    void anEmptyBodyIsOneEmptyElement() {
        assertThat(text(new BodyXml().render())).isEqualTo(START + "/>");
    }

    @Test
    void numbersTextEscapesAndMissingValues() {
        byte[] body = new BodyXml().attr("ack", 9007199254740991L).attr("wait", 0).attr("time", -5L)
            .attr("from", "ex'ample&<é>.test").attr("authid", null).render();
        assertThat(text(body)).isEqualTo(START + " ack='9007199254740991' wait='0' time='-5'"
            + " from='ex&apos;ample&amp;&lt;é&gt;.test'/>");
    }

    @Test
    void payloadsAreCopiedBetweenTheTags() {
        byte[] body = new BodyXml().terminate(BoshCondition.POLICY_VIOLATION)
            .render(List.of(utf8("<message xmlns='jabber:client'><body>ü</body></message>"), utf8("<presence/>")));
        assertThat(text(body)).isEqualTo(START + " type='terminate' condition='policy-violation'>"
            + "<message xmlns='jabber:client'><body>ü</body></message><presence/></body>");
    }

    @Test
    void aLongStartTagGrows() {
        BodyXml xml = new BodyXml();
        StringBuilder expected = new StringBuilder(START);
        for (int i = 0; i < 40; i++) {
            xml.attr("a" + i, "value" + i);
            expected.append(" a").append(i).append("='value").append(i).append('\'');
        }
        assertThat(text(xml.render())).isEqualTo(expected.append("/>").toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
