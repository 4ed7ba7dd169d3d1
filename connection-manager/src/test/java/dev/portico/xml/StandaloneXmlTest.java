package dev.portico.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 7395 §3.3.3: every element sent to a browser carries the declarations it needs to stand alone —
 * exactly those it uses but inherits from the stream header, and nothing more.
 */
class StandaloneXmlTest {
    static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " xmlns:db=\"jabber:server:dialback\" xmlns:q=\"urn:a'b&amp;c\" version='1.0'>";

    @Test
    void stanzaGetsTheInheritedDefaultNamespace() throws XmlStreamException {
        assertThat(standalone("<message to='a@b'><body>hi</body></message>"))
                .isEqualTo("<message xmlns='jabber:client' to='a@b'><body>hi</body></message>");
    }

    @Test
    void streamFeaturesGetOnlyTheStreamPrefix() throws XmlStreamException {
        assertThat(standalone("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"))
                .isEqualTo("<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms"
                        + " xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
                        + "</stream:features>");
    }

    @Test
    void streamErrorGetsTheStreamPrefixOnly() throws XmlStreamException {
        assertThat(standalone("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"))
                .startsWith("<stream:error xmlns:stream='http://etherx.jabber.org/streams'><conflict");
    }

    @Test
    void elementThatDeclaresWhatItUsesIsUnchanged() throws XmlStreamException {
        String success = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>dj0x</success>";
        assertThat(standalone(success)).isEqualTo(success);
        String features = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>";
        assertThat(standalone(features)).isEqualTo(features);
    }

    @Test
    void prefixesUsedByAttributesAndDeepDescendantsAreDeclaredOnTheTopElement() throws XmlStreamException {
        String xml = "<iq type='result'><a xmlns='urn:x'><b><c><d><e db:x='1'/></d></c></b></a></iq>";
        assertThat(standalone(xml)).isEqualTo("<iq xmlns='jabber:client' xmlns:db='jabber:server:dialback'"
                + xml.substring(3));
    }

    @Test
    void inheritedNamespaceValuesAreEscaped() throws XmlStreamException {
        assertThat(standalone("<q:x xmlns='urn:other'/>")).isEqualTo("<q:x xmlns:q='urn:a&apos;b&amp;c' xmlns='urn:other'/>");
    }

    @Test
    void childrenAreStandaloneRelativeToAllTheirAncestors() throws XmlStreamException {
        ParsedElement message = parse("<message><x xmlns='urn:y' xmlns:p='urn:p'><p:z>t</p:z></x>"
                + "<body xml:lang='en'>hi</body></message>").get(0);
        assertThat(message.children()).extracting(ParsedElement::toStandaloneXml).containsExactly(
                "<x xmlns='urn:y' xmlns:p='urn:p'><p:z>t</p:z></x>",
                "<body xmlns='jabber:client' xml:lang='en'>hi</body>");
        assertThat(message.children().get(0).children().get(0).toStandaloneXml())
                .isEqualTo("<p:z xmlns:p='urn:p'>t</p:z>");
        assertThat(message.children().get(1).attribute(Namespaces.XML, "lang")).isEqualTo("en");
    }

    @Test
    void childrenAreMaterialisedThreeLevelsDown() throws XmlStreamException {
        ParsedElement top = parse("<iq><l1><l2><l3><l4><l5/></l4></l3></l2></l1></iq>").get(0);
        ParsedElement l3 = top.children().get(0).children().get(0).children().get(0);
        assertThat(l3.localName()).isEqualTo("l3");
        assertThat(RecordingHandler.utf8(l3.raw())).isEqualTo("<l3><l4><l5/></l4></l3>");
        assertThat(l3.children()).isEmpty();
    }

    @Test
    void textIsDirectCharacterDataCappedAt4096Chars() throws XmlStreamException {
        List<ParsedElement> els = parse("<message>a<b>inner</b>c</message><message><body>" + "é".repeat(5000)
                + "</body></message>");
        assertThat(els.get(0).text()).isEqualTo("ac");
        assertThat(els.get(1).child("body", Namespaces.CLIENT).text()).hasSize(4096);
        assertThat(els.get(1).rawBuffer().remaining()).isEqualTo(els.get(1).rawLength());
    }

    @Test
    void accessorsReportNamesAttributesAndDeclarations() throws XmlStreamException {
        ParsedElement e = parse("<q:item xmlns:r='urn:r' r:kind='k' name='n' xml:lang='de'/>").get(0);
        assertThat(e.prefix()).isEqualTo("q");
        assertThat(e.localName()).isEqualTo("item");
        assertThat(e.namespaceUri()).isEqualTo("urn:a'b&c");
        assertThat(e.attribute("name")).isEqualTo("n");
        assertThat(e.attribute("kind")).isNull();
        assertThat(e.attribute("urn:r", "kind")).isEqualTo("k");
        assertThat(e.attributes()).containsExactly(
                java.util.Map.entry("r:kind", "k"), java.util.Map.entry("name", "n"), java.util.Map.entry("xml:lang", "de"));
        assertThat(e.namespaceDeclarations()).containsExactly(java.util.Map.entry("r", "urn:r"));
        assertThat(e.toStandaloneXml()).isEqualTo("<q:item xmlns:q='urn:a&apos;b&amp;c' xmlns:r='urn:r' r:kind='k'"
                + " name='n' xml:lang='de'/>");
    }

    private static String standalone(String element) throws XmlStreamException {
        return parse(element).get(0).toStandaloneXml();
    }

    private static List<ParsedElement> parse(String elements) throws XmlStreamException {
        RecordingHandler h = new RecordingHandler();
        new StreamParser(h, 1 << 16).feed(ByteBuffer.wrap((HEADER + elements).getBytes(StandardCharsets.UTF_8)));
        return h.elements;
    }
}
