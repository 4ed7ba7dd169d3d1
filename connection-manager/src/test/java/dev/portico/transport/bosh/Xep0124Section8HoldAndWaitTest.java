package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** XEP-0124 §8 (sending and receiving payloads): long polling with 'hold' and 'wait'. */
class Xep0124Section8HoldAndWaitTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void anEmptyBodyAnswersAfterWaitSeconds() {
        BoshHarness.Client client = bosh.open();
        FakeExchange poll = client.send();
        bosh.time.advance(Duration.ofSeconds(59));
        assertThat(poll.answered()).isFalse();
        bosh.time.advance(Duration.ofSeconds(1));
        assertThat(poll.body).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind'/>");
    }

    @Test
    void aNewRequestWhileHoldRequestsAreHeldAnswersTheOldest() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        FakeExchange first = client.send();
        assertThat(first.answered()).isFalse();
        FakeExchange second = client.send("", "<message to='b@example.com' xmlns='jabber:client'><body>hi</body></message>");
        assertThat(first.answered()).as("the oldest held request is released").isTrue();
        assertThat(second.answered()).as("the new one is held instead").isFalse();
    }

    @Test
    void withHoldTwoTwoRequestsWait() {
        BoshHarness.Client client = bosh.open("wait='60' hold='2'");
        FakeExchange first = client.send();
        FakeExchange second = client.send();
        assertThat(first.answered()).isFalse();
        assertThat(second.answered()).isFalse();
        client.upstream.serverSends("<message xmlns='jabber:client' from='b@example.com'><body>1</body></message>");
        assertThat(first.body).contains("<body>1</body>");
        assertThat(second.answered()).isFalse();
    }

    @Test
    void serverStanzasGoToTheHeldRequestQualifiedAsJabberClient() {
        BoshHarness.Client client = bosh.open();
        FakeExchange poll = client.send();
        client.upstream.serverSends("<message xmlns='jabber:client' from='b@example.com'><body>yo</body></message>");
        assertThat(poll.body).startsWith("<body xmlns='http://jabber.org/protocol/httpbind'>")
            .contains("<message xmlns='jabber:client' from='b@example.com'><body>yo</body></message>");
    }

    @Test
    void clientPayloadsAreForwardedAsJabberClientStanzas() {
        BoshHarness.Client client = bosh.open();
        client.send("", "<message to='b@example.com'><body>unqualified</body></message>");
        assertThat(client.upstream.sent).singleElement().asString()
            .startsWith("<message xmlns='jabber:client' to='b@example.com'>");
    }

    @Test
    void anUpstreamElementIsReleasedOnlyWhenTheResponseCarryingItIsWritten() {
        BoshHarness.Client client = bosh.open();
        FakeUpstream.Done buffered = (FakeUpstream.Done) client.upstream.serverSends("<message xmlns='jabber:client'/>");
        assertThat(buffered.completed).as("no request to carry it: the upstream stays paused").isFalse();

        Callback[] write = new Callback[1];
        BoshExchange slow = new BoshExchange() {
            @Override
            public void respond(int status, String contentType, byte[] body, Callback written) {
                write[0] = written;
            }

            @Override
            public void abandon() {
            }
        };
        bosh.service.process(("<body rid='" + client.nextRid++ + "' sid='" + client.sid + "' xmlns='"
            + BoshHarness.NS + "'/>").getBytes(), "127.0.0.1", slow);
        assertThat(write[0]).isNotNull();
        assertThat(buffered.completed).as("not before the bytes are written").isFalse();
        write[0].succeeded();
        assertThat(buffered.completed).isTrue();
    }
}
