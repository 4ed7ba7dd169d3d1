package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** XEP-0124 §13: the client ends the session, payloads first. */
class Xep0124Section13TerminateTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void terminateForwardsItsPayloadThenClosesTheStream() {
        BoshHarness.Client client = bosh.open();
        FakeExchange held = client.send();
        FakeExchange end = client.send("type='terminate'", "<presence type='unavailable' xmlns='jabber:client'/>");
        assertThat(client.upstream.sent).containsExactly("<presence type='unavailable' xmlns='jabber:client'/>");
        assertThat(client.upstream.log).containsExactly("open example.com", "close");
        assertThat(held.body).doesNotContain("terminate");
        assertThat(end.body).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind' type='terminate'/>");
        assertThat(bosh.service.size()).isZero();
        assertThat(client.send().body).contains("condition='item-not-found'");
    }

    @Test
    void bufferedServerStanzasStillReachTheClientBeforeTheEnd() {
        BoshHarness.Client client = bosh.open("wait='60' hold='2'");
        FakeExchange held = client.send();
        FakeExchange held2 = client.send();
        client.upstream.serverSends("<message xmlns='jabber:client'><body>first</body></message>");
        FakeExchange end = client.send("type='terminate'", "");
        assertThat(held.body).contains("first");
        assertThat(held2.answered()).isTrue();
        assertThat(end.body).contains("type='terminate'");
    }
}
