package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import dev.portico.config.TlsPolicy;
import dev.portico.xml.ParsedElement;
import dev.portico.xml.StreamParser;
import org.junit.jupiter.api.Test;

/** The STARTTLS policy table: what Portico does with a server's first features. */
class TlsDecisionTest {
    private static final String OPTIONAL = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
    private static final String REQUIRED = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>";
    private static final String MECHS = "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>";

    private static ParsedElement features(String inner) throws Exception {
        ParsedElement[] found = new ParsedElement[1];
        StreamParser parser = new StreamParser(new StreamParser.Handler() {
            @Override
            public void onStreamOpen(ParsedElement header) {
            }

            @Override
            public void onElement(ParsedElement element) {
                found[0] = element;
            }

            @Override
            public void onStreamClose() {
            }
        }, 1 << 16);
        String xml = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='x' id='1' version='1.0'>"
            + "<stream:features>" + inner + "</stream:features>";
        parser.feed(java.nio.ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
        return found[0];
    }

    @Test
    void offeredTlsIsNegotiatedUnlessDisabled() throws Exception {
        assertThat(TlsDecision.decide(features(OPTIONAL + MECHS), TlsPolicy.IF_OFFERED, false).action())
            .isEqualTo(TlsDecision.Action.START_TLS);
        assertThat(TlsDecision.decide(features(REQUIRED), TlsPolicy.REQUIRED, false).action())
            .isEqualTo(TlsDecision.Action.START_TLS);
    }

    @Test
    void disabledPolicyHidesOptionalStartTlsFromTheBrowser() throws Exception {
        TlsDecision d = TlsDecision.decide(features(OPTIONAL + MECHS), TlsPolicy.DISABLED, false);
        assertThat(d.action()).isEqualTo(TlsDecision.Action.SETTLED);
        assertThat(d.featuresForClient()).doesNotContain("starttls").contains("<mechanism>PLAIN</mechanism>")
            .contains("xmlns:stream='http://etherx.jabber.org/streams'");
    }

    @Test
    void requiredPolicyRefusesAServerWithoutTls() throws Exception {
        assertThat(TlsDecision.decide(features(MECHS), TlsPolicy.REQUIRED, false).action())
            .isEqualTo(TlsDecision.Action.REFUSE);
    }

    @Test
    void disabledPolicyRefusesAServerThatRequiresTls() throws Exception {
        assertThat(TlsDecision.decide(features(REQUIRED), TlsPolicy.DISABLED, false).action())
            .isEqualTo(TlsDecision.Action.REFUSE);
    }

    @Test
    void afterTlsTheFeaturesPassAsTheyAre() throws Exception {
        TlsDecision d = TlsDecision.decide(features(MECHS), TlsPolicy.REQUIRED, true);
        assertThat(d.action()).isEqualTo(TlsDecision.Action.SETTLED);
        assertThat(d.featuresForClient()).contains(MECHS);
    }

    @Test
    void ifOfferedAcceptsAServerWithoutTls() throws Exception {
        assertThat(TlsDecision.decide(features(MECHS), TlsPolicy.IF_OFFERED, false).action())
            .isEqualTo(TlsDecision.Action.SETTLED);
    }

    @Test
    void aSecureStreamNeverShowsStartTlsToTheBrowser() throws Exception {
        // A server may still list STARTTLS on a direct TLS port; the browser must not see it.
        TlsDecision d = TlsDecision.decide(features(OPTIONAL + MECHS), TlsPolicy.DIRECT, true);
        assertThat(d.action()).isEqualTo(TlsDecision.Action.SETTLED);
        assertThat(d.featuresForClient()).doesNotContain("starttls").contains(MECHS);
    }

    @Test
    void directPolicyRefusesAStreamThatIsNotEncrypted() throws Exception {
        assertThat(TlsDecision.decide(features(OPTIONAL + MECHS), TlsPolicy.DIRECT, false).action())
            .isEqualTo(TlsDecision.Action.REFUSE);
    }

    @Test
    void channelBindingIsNeverOfferedToTheBrowser() throws Exception {
        ParsedElement f = features("<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>SCRAM-SHA-1-PLUS</mechanism><mechanism>SCRAM-SHA-1</mechanism>"
            + "<mechanism>SCRAM-SHA-256-PLUS</mechanism><mechanism>PLAIN</mechanism></mechanisms>"
            + "<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'><channel-binding type='tls-server-end-point'/>"
            + "</sasl-channel-binding>");
        TlsDecision d = TlsDecision.decide(f, TlsPolicy.REQUIRED, true);
        assertThat(d.action()).isEqualTo(TlsDecision.Action.SETTLED);
        assertThat(d.featuresForClient())
            .contains("<mechanism>SCRAM-SHA-1</mechanism>").contains("<mechanism>PLAIN</mechanism>")
            .doesNotContain("-PLUS").doesNotContain("sasl-channel-binding").doesNotContain("tls-server-end-point");
    }
}
