package dev.portico.transport.bosh;

import static dev.portico.transport.bosh.BoshHarness.attr;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** XEP-0124 §9: request acknowledgements (ours) and response acknowledgements (the client's). */
class Xep0124Section9AcknowledgementsTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void anAnswerAcknowledgesLaterRequestsAlreadyReceived() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        FakeExchange first = client.send();
        FakeExchange second = client.send("", "<presence xmlns='jabber:client'/>");
        assertThat(attr(first.body, "ack")).isEqualTo(String.valueOf(client.nextRid - 1));
        client.upstream.serverSends("<message xmlns='jabber:client'/>");
        assertThat(attr(second.body, "ack")).as("not when it would be its own rid").isNull();
    }

    @Test
    void aResponseTheClientCannotStillBeWaitingForIsReportedWithItsTime() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' ack='1'");
        long lostRid = client.nextRid;
        FakeExchange lost = client.send();
        client.upstream.serverSends("<message xmlns='jabber:client'><body>lost</body></message>");
        assertThat(lost.answered()).isTrue();
        // The client got the next response but not that one: its ack stays behind the lost rid.
        FakeExchange received = client.send("ack='" + (lostRid - 1) + "'", "");
        client.upstream.serverSends("<message xmlns='jabber:client'><body>seen</body></message>");
        assertThat(received.answered()).isTrue();
        bosh.time.advance(Duration.ofSeconds(5));

        FakeExchange next = client.send("ack='" + (lostRid - 1) + "'", "");
        assertThat(next.answered()).as("answered at once").isTrue();
        assertThat(attr(next.body, "report")).isEqualTo(String.valueOf(lostRid));
        assertThat(attr(next.body, "time")).isEqualTo("5000");
        FakeExchange again = client.sendRid(lostRid, "", "");
        assertThat(again.body).isEqualTo(lost.body);
    }

    /**
     * jbosh (Smack) sends its next request before the previous response arrives, so its ack lags by the
     * requests in flight; under load that request may be processed long after the response went out. A
     * report then makes jbosh give up ("local copy of that request was not found"): a healthy session died.
     */
    @Test
    void anAckBehindOnlyByResponsesStillInFlightIsNeverAReportEvenWhenLate() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' ack='1'");
        long rid = client.nextRid;
        client.send();
        client.upstream.serverSends("<message xmlns='jabber:client'/>");
        bosh.time.advance(Duration.ofSeconds(5));
        FakeExchange next = client.send("ack='" + (rid - 1) + "'", "");
        assertThat(next.answered()).as("held, not answered with a report: %s", next.body).isFalse();
        client.upstream.serverSends("<message xmlns='jabber:client'/>");
        assertThat(next.body).doesNotContain("report=");
    }

    @Test
    void aFreshAckBehindIsNotAReport() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' ack='1'");
        long rid = client.nextRid;
        client.send();
        client.upstream.serverSends("<message xmlns='jabber:client'/>");
        FakeExchange next = client.send("ack='" + (rid - 1) + "'", "");
        assertThat(next.answered()).as("the response may still be on its way").isFalse();
    }

    @Test
    void theClientsAckPrunesTheCache() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' ack='1'");
        long rid = client.nextRid;
        client.send();
        client.upstream.serverSends("<message xmlns='jabber:client'/>");
        client.send("ack='" + rid + "'", "");
        FakeExchange replay = client.sendRid(rid, "", "");
        assertThat(replay.body).contains("condition='item-not-found'");
    }
}
