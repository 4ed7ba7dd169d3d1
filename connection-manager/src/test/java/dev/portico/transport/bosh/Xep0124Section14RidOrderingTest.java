package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** XEP-0124 §14.2: payloads forwarded and requests answered strictly in rid order; the rid window. */
class Xep0124Section14RidOrderingTest {
    private final BoshHarness bosh = new BoshHarness();

    private static String message(String text) {
        return "<message xmlns='jabber:client' to='b@example.com'><body>" + text + "</body></message>";
    }

    @Test
    void aRequestAheadOfAGapWaitsForTheGap() {
        BoshHarness.Client client = bosh.open("wait='60' hold='2'");
        long r = client.nextRid;
        FakeExchange second = client.sendRid(r + 1, "", message("second"));
        assertThat(client.upstream.sent).as("nothing until the gap is filled").isEmpty();
        assertThat(second.answered()).isFalse();
        FakeExchange first = client.sendRid(r, "", message("first"));
        assertThat(client.upstream.sent).containsExactly(message("first"), message("second"));
        assertThat(first.answered()).isFalse();
        assertThat(second.answered()).isFalse();
        client.upstream.serverSends("<message xmlns='jabber:client'/>");
        assertThat(first.answered()).as("answers go in rid order too").isTrue();
        assertThat(second.answered()).isFalse();
    }

    @Test
    void aRidBeyondTheWindowIsItemNotFoundAndEndsTheSession() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        FakeExchange far = client.sendRid(client.nextRid + 2, "", message("x"));
        assertThat(far.body).contains("type='terminate'").contains("condition='item-not-found'");
        assertThat(client.upstream.sent).isEmpty();
        assertThat(client.upstream.log).contains("abort policy-violation");
        assertThat(bosh.service.size()).isZero();
    }

    @Test
    void theWindowIsRequestsWide() {
        BoshHarness.Client client = bosh.open("wait='60' hold='2'");
        long r = client.nextRid;
        assertThat(client.sendRid(r + 2, "", message("third")).answered()).isFalse();
        assertThat(bosh.service.size()).isOne();
    }

    @Test
    void aRepeatedRidAheadOfTheGapReplacesTheEarlierCopy() {
        BoshHarness.Client client = bosh.open("wait='60' hold='2'");
        long r = client.nextRid;
        FakeExchange lostCopy = client.sendRid(r + 1, "", message("b"));
        FakeExchange copy = client.sendRid(r + 1, "", message("b"));
        assertThat(lostCopy.abandoned).isTrue();
        client.sendRid(r, "", message("a"));
        assertThat(client.upstream.sent).containsExactly(message("a"), message("b"));
        assertThat(copy.abandoned).isFalse();
    }
}
