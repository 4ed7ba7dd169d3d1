package dev.portico.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.session.StreamErrorXml;
import dev.portico.session.StreamInfo;
import dev.portico.xml.InboundParser;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import org.junit.jupiter.api.Test;

/** RFC 7395 framing rendered by Portico parses back as standalone XML with the right namespaces. */
class WebSocketFramingTest {
    private final InboundParser parser = new InboundParser(1 << 16);

    @Test
    void upstreamHeaderBecomesOpenInTheFramingNamespace() throws Exception {
        String open = WebSocketFraming.open(new StreamInfo("example.com", "abc'1", "1.0", "en"));
        ParsedElement parsed = parser.parse(open.getBytes());
        assertThat(parsed.localName()).isEqualTo("open");
        assertThat(parsed.namespaceUri()).isEqualTo("urn:ietf:params:xml:ns:xmpp-framing");
        assertThat(parsed.attribute("from")).isEqualTo("example.com");
        assertThat(parsed.attribute("id")).isEqualTo("abc'1");
        assertThat(parsed.attribute("version")).isEqualTo("1.0");
        assertThat(parsed.attribute("http://www.w3.org/XML/1998/namespace", "lang")).isEqualTo("en");
    }

    @Test
    void closeNeverCarriesARedirect() throws Exception {
        assertThat(WebSocketFraming.close()).isEqualTo("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertThat(parser.parse(WebSocketFraming.close().getBytes()).attribute("see-other-uri")).isNull();
    }

    @Test
    void streamErrorStandsAloneWithConditionAndEscapedText() throws Exception {
        String xml = StreamErrorXml.render(StreamErrorCondition.POLICY_VIOLATION, "too <big> & bad");
        ParsedElement error = parser.parse(xml.getBytes());
        assertThat(error.localName()).isEqualTo("error");
        assertThat(error.namespaceUri()).isEqualTo("http://etherx.jabber.org/streams");
        assertThat(error.child("policy-violation", "urn:ietf:params:xml:ns:xmpp-streams")).isNotNull();
        assertThat(error.child("text", "urn:ietf:params:xml:ns:xmpp-streams").text()).isEqualTo("too <big> & bad");
    }
}
