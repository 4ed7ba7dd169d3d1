package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** XEP-0206 §5: xmpp:restart='true' restarts the upstream stream; its features answer the restart. */
class Xep0206RestartTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void restartReopensTheStreamAndTheNewFeaturesAnswerIt() {
        BoshHarness.Client client = bosh.open();
        client.send("", "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>");
        client.upstream.serverSends("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        FakeExchange restart = client.send("xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh' to='example.com'", "");
        assertThat(client.upstream.log).containsExactly("open example.com", "open example.com");
        assertThat(restart.answered()).isFalse();
        client.upstream.opened();
        String features = "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind "
            + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";
        client.upstream.serverSends(features);
        assertThat(restart.body).contains(features);
        assertThat(client.upstream.sent).singleElement().asString().contains("xmpp-sasl");
    }
}
