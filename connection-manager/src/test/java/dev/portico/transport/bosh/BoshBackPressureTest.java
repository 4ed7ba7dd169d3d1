package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import dev.portico.xml.StreamErrorCondition;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure and byte caps of a BOSH session, both ways (issue 8): a request is acknowledged only once
 * its stanzas were written upstream, a failed write is an error the browser sees, bytes from the browser
 * waiting beyond {@code limits.max-queued-bytes} end the session with {@code policy-violation}, and a server
 * element is released only once a response carries it.
 */
class BoshBackPressureTest {
    private static final String NS = BoshHarness.NS;

    private static String message(String body) {
        return "<message xmlns='jabber:client'><body>" + body + "</body></message>";
    }

    private static String stanzaOfSize(int bytes) {
        String empty = message("");
        return message("x".repeat(bytes - empty.length()));
    }

    @Test
    void aRequestIsHeldOnlyOnceEveryStanzaInItWasWrittenOneAfterTheOther() {
        BoshHarness bosh = new BoshHarness();
        BoshHarness.Client client = bosh.open();
        client.upstream.manualWrites = true;
        FakeExchange empty = client.send();
        FakeExchange data = client.send("", message("one") + message("two"));

        assertThat(client.upstream.sent).as("the second waits for the first write").hasSize(1);
        assertThat(empty.answered()).as("the request with payloads is not held yet").isFalse();
        client.upstream.completeWrite(null);
        assertThat(client.upstream.sent).hasSize(2);
        assertThat(empty.answered()).isFalse();
        client.upstream.completeWrite(null);

        assertThat(empty.body).startsWith("<body xmlns='" + NS + "'").endsWith("/>").doesNotContain("terminate");
        assertThat(data.answered()).as("now held in place of the empty one").isFalse();
        assertThat(bosh.service.sessions().get(client.sid).queuedFromClient()).isZero();
    }

    @Test
    void aLaterRequestWaitsUntilTheEarlierOnesStanzasAreWritten() {
        BoshHarness bosh = new BoshHarness();
        BoshHarness.Client client = bosh.open();
        client.upstream.manualWrites = true;
        FakeExchange empty = client.send();
        FakeExchange first = client.send("", message("1"));
        client.upstream.serverSends(message("in"));
        assertThat(empty.body).contains("<body>in</body>");
        FakeExchange second = client.send("", message("2"));

        assertThat(client.upstream.sent).hasSize(1);
        client.upstream.completeWrite(null);
        assertThat(client.upstream.sent).hasSize(2);
        assertThat(client.upstream.sent.get(1)).contains("<body>2</body>");
        assertThat(first.answered()).isFalse();
        client.upstream.completeWrite(null);

        assertThat(first.body).as("released by the second, now held").isNotNull().doesNotContain("terminate");
        assertThat(second.answered()).isFalse();
    }

    @Test
    void aStanzaThatCannotBeWrittenEndsTheSessionWithAnErrorOnEveryWaitingRequest() {
        BoshHarness bosh = new BoshHarness();
        BoshHarness.Client client = bosh.open();
        client.upstream.manualWrites = true;
        FakeExchange empty = client.send();
        FakeExchange data = client.send("", message("lost"));
        client.upstream.completeWrite(new IOException("connection reset"));

        assertThat(empty.body).contains("type='terminate'").contains("condition='remote-connection-failed'");
        assertThat(data.body).contains("type='terminate'").contains("condition='remote-connection-failed'");
        assertThat(client.upstream.log).contains("close");
        assertThat(bosh.service.sessions().get(client.sid)).isNull();
    }

    @Test
    void aRequestResentWhileItsStanzasAreWrittenIsAnsweredOnTheNewConnection() {
        BoshHarness bosh = new BoshHarness();
        BoshHarness.Client client = bosh.open();
        client.upstream.manualWrites = true;
        long rid = client.nextRid;
        FakeExchange original = client.send("", message("1"));
        FakeExchange again = client.sendRid(rid, "", message("1"));
        assertThat(original.abandoned).isTrue();
        client.upstream.completeWrite(null);
        client.upstream.serverSends(message("reply"));

        assertThat(again.body).contains("<body>reply</body>");
        assertThat(client.upstream.sent).as("written once").hasSize(1);
    }

    @Test
    void bytesFromTheBrowserNotYetWrittenBeyondTheCapArePolicyViolation() {
        BoshHarness bosh = new BoshHarness(1000);
        BoshHarness.Client client = bosh.open();
        client.upstream.manualWrites = true;
        FakeExchange empty = client.send();
        FakeExchange first = client.send("", stanzaOfSize(600));
        client.upstream.serverSends(message("in"));
        assertThat(empty.body).contains("<body>in</body>");
        BoshSession session = bosh.service.sessions().get(client.sid);
        assertThat(session.queuedFromClient()).isGreaterThan(600);

        FakeExchange second = client.send("", stanzaOfSize(600));

        assertThat(second.body).contains("type='terminate'").contains("condition='policy-violation'");
        assertThat(first.body).contains("condition='policy-violation'");
        assertThat(client.upstream.sent).as("the second request was not forwarded").hasSize(1);
        assertThat(client.upstream.log).contains("close");
        assertThat(session.queuedFromClient()).isZero();
    }

    @Test
    void serverElementsWaitForARequestAndReleaseTheServerOnlyWhenCarried() {
        BoshHarness bosh = new BoshHarness();
        BoshHarness.Client client = bosh.open();
        FakeUpstream.Done done = (FakeUpstream.Done) client.upstream.serverSends(message("waiting"));

        assertThat(done.completed).as("no request to carry it: the server stays paused").isFalse();
        FakeExchange poll = client.send();

        assertThat(poll.body).contains("<body>waiting</body>");
        assertThat(done.completed).isTrue();
    }

    @Test
    void theStreamsQueueLimitReachesABrowserThatStoppedPollingOnItsNextRequest() {
        // The upstream stream counts what waits for the browser and fails with policy-violation past the cap.
        BoshHarness bosh = new BoshHarness();
        BoshHarness.Client client = bosh.open();
        BoshHarness.Client other = bosh.open();
        FakeUpstream.Done done = (FakeUpstream.Done) client.upstream.serverSends(message("never collected"));
        client.upstream.sink.streamError(StreamErrorCondition.POLICY_VIOLATION,
            "too much data waiting for the browser to take them (limits.max-queued-bytes)", null);
        client.upstream.sink.closed();

        assertThat(done.completed).as("released: the session is over").isTrue();
        assertThat(client.send().body).contains("type='terminate'").contains("condition='policy-violation'");
        assertThat(bosh.service.sessions().get(client.sid)).isNull();
        FakeExchange otherPoll = other.send();
        other.upstream.serverSends(message("fine"));
        assertThat(otherPoll.body).contains("<body>fine</body>");
    }
}
