package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** XEP-0124 §11: policy-violation for too many simultaneous or too frequent requests, and only then. */
class Xep0124Section11OveractivityTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void moreUnansweredRequestsThanRequestsIsAPolicyViolation() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        FakeExchange held = client.sendRid(r, "", "");
        FakeExchange ahead = client.sendRid(r + 2, "", "<presence xmlns='jabber:client'/>");
        bosh.time.advance(Duration.ofSeconds(3));
        FakeExchange third = client.sendRid(r + 1, "", "<presence xmlns='jabber:client'/>");
        assertThat(third.body).contains("type='terminate'").contains("condition='policy-violation'");
        assertThat(held.body).contains("condition='policy-violation'");
        assertThat(ahead.body).contains("condition='policy-violation'");
        assertThat(client.upstream.sent).isEmpty();
        assertThat(client.upstream.log).contains("abort policy-violation");
    }

    @Test
    void oneExtraRequestMayPauseOrTerminate() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        client.sendRid(r, "", "");
        client.sendRid(r + 2, "", "<presence xmlns='jabber:client'/>");
        FakeExchange terminate = client.sendRid(r + 1, "type='terminate'", "");
        assertThat(terminate.body).contains("type='terminate'").doesNotContain("condition=");
    }

    @Test
    void anEmptyRequestTooSoonWhileTheOthersAreUnansweredIsAPolicyViolation() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        client.send();
        bosh.time.advance(Duration.ofMillis(500));
        FakeExchange second = client.send();
        assertThat(second.body).contains("condition='policy-violation'");
    }

    @Test
    void aStreamRestartBesideAHeldEmptyRequestIsNotOveractivity() {
        // What jbosh (Smack) does after SASL success: its empty request is still held when the restart goes.
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        FakeExchange held = client.send();
        bosh.time.advance(Duration.ofMillis(50));
        FakeExchange restart = client.send("xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'", "");
        assertThat(held.body == null || !held.body.contains("policy-violation")).isTrue();
        assertThat(restart.body == null || !restart.body.contains("policy-violation")).isTrue();
    }

    @Test
    void anEmptyRequestRightAfterAHeldRequestWithPayloadsIsFine() {
        // What Strophe.js and Smack/jbosh do: send a stanza, then at once an empty request to keep one open.
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        FakeExchange first = client.send();
        FakeExchange data = client.send("", "<message xmlns='jabber:client'><body>hi</body></message>");
        assertThat(first.body).doesNotContain("terminate");
        bosh.time.advance(Duration.ofMillis(100));
        FakeExchange empty = client.send();
        assertThat(data.body).doesNotContain("terminate");
        assertThat(empty.body == null || !empty.body.contains("policy-violation")).isTrue();
        assertThat(client.upstream.sent).hasSize(1);
    }

    @Test
    void theSameEmptyRequestAfterThePollingIntervalIsFine() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        FakeExchange first = client.send();
        bosh.time.advance(Duration.ofSeconds(2));
        FakeExchange second = client.send();
        assertThat(first.body).doesNotContain("terminate");
        assertThat(second.answered()).isFalse();
    }

    @Test
    void aRequestWithPayloadsIsNeverTooFrequent() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        for (int i = 0; i < 20; i++) {
            FakeExchange held = client.send();
            FakeExchange data = client.send("", "<message xmlns='jabber:client'><body>" + i + "</body></message>");
            assertThat(held.body).doesNotContain("terminate");
            client.upstream.serverSends("<message xmlns='jabber:client'/>");
            assertThat(data.body).doesNotContain("terminate");
        }
        assertThat(client.upstream.sent).hasSize(20);
    }

    @Test
    void anEmptyRequestOvertakenByTheClientsNextRequestIsNotOveractivity() {
        // Issue 8 item 3: a server message answers the held request, so the client (none open) sends an empty
        // request and at once a stanza in the next rid. They travel on two connections; the second arrives
        // first and waits for the gap. The two unanswered requests are not both empty: no rule is broken.
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        FakeExchange first = client.sendRid(r, "", "");
        bosh.time.advance(Duration.ofMillis(40));
        client.upstream.serverSends("<message xmlns='jabber:client'><body>in</body></message>");
        assertThat(first.body).contains("<body>in</body>");
        FakeExchange data = client.sendRid(r + 2, "", "<message xmlns='jabber:client'><body>out</body></message>");
        bosh.time.advance(Duration.ofMillis(5));
        FakeExchange empty = client.sendRid(r + 1, "", "");
        assertThat(empty.body).as("answered because the next request is held").isNotNull()
            .doesNotContain("terminate");
        assertThat(data.answered()).isFalse();
        assertThat(client.upstream.sent).hasSize(1);
        assertThat(client.upstream.log).noneMatch(line -> line.startsWith("abort"));
    }

    @Test
    void twoEmptyRequestsArrivingOutOfOrderAreStillTooFrequent() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        FakeExchange later = client.sendRid(r + 1, "", "");
        bosh.time.advance(Duration.ofMillis(300));
        FakeExchange earlier = client.sendRid(r, "", "");
        assertThat(earlier.body).contains("condition='policy-violation'");
        assertThat(later.body).contains("condition='policy-violation'");
    }

    @Test
    void retransmissionsAreNotNewRequests() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        client.send();
        client.send("", "<presence xmlns='jabber:client'/>");
        for (int i = 0; i < 5; i++) {
            assertThat(client.sendRid(r, "", "").body).doesNotContain("terminate");
        }
    }
}
