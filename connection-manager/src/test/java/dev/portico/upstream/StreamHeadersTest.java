package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.portico.xml.InboundParser;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamErrorCondition;
import dev.portico.xml.StreamParser;
import org.junit.jupiter.api.Test;

/** Browser-to-server framing translation: {@code <open/>} becomes a c2s stream header, errors are read back. */
class StreamHeadersTest {

    @Test
    void anOpenBecomesAClientStreamHeaderTheServerCanParse() throws Exception {
        List<ParsedElement> headers = new ArrayList<>();
        StreamParser parser = new StreamParser(new StreamParser.Handler() {
            @Override
            public void onStreamOpen(ParsedElement header) {
                headers.add(header);
            }

            @Override
            public void onElement(ParsedElement element) {
            }

            @Override
            public void onStreamClose() {
            }
        }, 4096);
        parser.feed(ByteBuffer.wrap(StreamHeaders.open("exa'mple.com", "de")));
        assertThat(headers).hasSize(1);
        ParsedElement header = headers.get(0);
        assertThat(header.localName()).isEqualTo("stream");
        assertThat(header.namespaceUri()).isEqualTo("http://etherx.jabber.org/streams");
        assertThat(header.namespaceDeclarations()).containsEntry("", "jabber:client");
        assertThat(header.attribute("to")).isEqualTo("exa'mple.com");
        assertThat(header.attribute("version")).isEqualTo("1.0");
        assertThat(header.attribute("http://www.w3.org/XML/1998/namespace", "lang")).isEqualTo("de");
    }

    @Test
    void aServerErrorIsReadForItsConditionAndRedirect() throws Exception {
        InboundParser parser = new InboundParser(4096);
        ParsedElement redirect = parser.parse(("<stream:error xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>xmpp2.example.com:5222</see-other-host>"
            + "</stream:error>").getBytes(StandardCharsets.UTF_8));
        StreamHeaders.ServerError error = StreamHeaders.ServerError.of(redirect);
        assertThat(error.condition()).isEqualTo(StreamErrorCondition.SEE_OTHER_HOST);
        assertThat(error.seeOtherHost()).isEqualTo("xmpp2.example.com:5222");

        ParsedElement conflict = parser.parse(("<stream:error xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bye</text>"
            + "</stream:error>").getBytes(StandardCharsets.UTF_8));
        assertThat(StreamHeaders.ServerError.of(conflict)).isEqualTo(new StreamHeaders.ServerError(StreamErrorCondition.CONFLICT, null));
    }
}
