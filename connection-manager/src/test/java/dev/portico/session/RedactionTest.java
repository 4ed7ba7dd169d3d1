package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import dev.portico.xml.InboundParser;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.XmlStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 9 item 12: no password reaches a log line, whichever protocol carries it. */
class RedactionTest {
    private static final String SECRET = "hunter2";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SASL PLAIN           | <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGh1bnRlcjI=hunter2</auth>",
        "SASL response        | <response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>hunter2</response>",
        "XEP-0077 sign-up     | <iq xmlns='jabber:client' type='set' id='r1'><query xmlns='jabber:iq:register'><username>bill</username><password>hunter2</password></query></iq>",
        "XEP-0077 data form   | <iq xmlns='jabber:client' type='set' id='r2'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='password'><value>hunter2</value></field></x></query></iq>",
        "XEP-0078 legacy auth | <iq xmlns='jabber:client' type='set' id='a1'><query xmlns='jabber:iq:auth'><username>bill</username><password>hunter2</password><resource>x</resource></query></iq>",
        "deeper than parsed   | <iq xmlns='jabber:client' type='set' id='d'><a xmlns='urn:a'><b><c><query xmlns='jabber:iq:register'><password>hunter2</password></query></c></b></a></iq>",
        "namespace from body  | <body xmlns='http://jabber.org/protocol/httpbind' xmlns:r='jabber:iq:register'><iq type='set' id='p'><a xmlns='urn:a'><b><c><r:query><r:password>hunter2</r:password></r:query></c></b></a></iq></body>",
    })
    void passwordsNeverReachTheLog(String name, String xml) throws XmlStreamException {
        ParsedElement root = parse(xml);
        ParsedElement stanza = root.localName().equals("body") ? root.children().get(0) : root;
        String logged = Redaction.forLog(stanza);
        assertThat(logged).doesNotContain(SECRET).doesNotContain("AGFsaWNl").contains("[redacted]")
            .startsWith("<" + stanza.localName());
    }

    @Test
    void ordinaryStanzasAreLoggedAsTheyAre() throws XmlStreamException {
        String message = "<message xmlns='jabber:client' to='bob@example.com'><body>my password is safe</body></message>";
        assertThat(Redaction.forLog(parse(message))).isEqualTo(message);
    }

    private static ParsedElement parse(String xml) throws XmlStreamException {
        return new InboundParser(1 << 16).parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
