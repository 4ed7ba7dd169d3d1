package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** XEP-0124 §10: the inactivity limit, and pausing with 'pause'/'maxpause'. */
class Xep0124Section10InactivityAndPauseTest {
    private final BoshHarness bosh = new BoshHarness();

    /** Caffeine hides an expired session at once; eviction (closing the stream) follows on its timer wheel. */
    private boolean alive(BoshHarness.Client client) {
        return bosh.service.sessions().get(client.sid) != null;
    }

    private void advance(int seconds) {
        bosh.time.advance(Duration.ofSeconds(seconds));
        bosh.service.cleanUp();
    }

    @Test
    void noRequestForInactivitySecondsEndsTheSessionAndClosesTheStream() {
        BoshHarness.Client client = bosh.open();
        advance(29);
        assertThat(bosh.service.size()).isOne();
        advance(2);
        assertThat(bosh.service.size()).isZero();
        assertThat(client.upstream.log).contains("gone");
        assertThat(client.send().body).contains("condition='item-not-found'");
    }

    @Test
    void aHeldRequestIsNotInactivity() {
        BoshHarness.Client client = bosh.open();
        FakeExchange poll = client.send();
        advance(59);
        assertThat(bosh.service.size()).isOne();
        advance(1);
        assertThat(poll.answered()).isTrue();
        advance(29);
        assertThat(alive(client)).as("inactivity counts from the last answer").isTrue();
        advance(2);
        assertThat(bosh.service.size()).isZero();
    }

    @Test
    void expiryHappensOnTheSchedulerWithoutAnyCall() {
        BoshHarness.Client client = bosh.open();
        bosh.time.advance(Duration.ofSeconds(40));
        assertThat(client.upstream.log).contains("gone");
    }

    @Test
    void pauseAnswersHeldRequestsWithoutPayloadsAndStretchesInactivity() {
        BoshHarness.Client client = bosh.open("wait='60' hold='2'");
        FakeExchange held = client.send();
        client.upstream.serverSends("<message xmlns='jabber:client'><body>x</body></message>");
        assertThat(held.answered()).isTrue();
        FakeExchange held2 = client.send();
        FakeExchange pause = client.send("pause='100'", "");
        assertThat(held2.answered()).isTrue();
        assertThat(pause.body).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind'/>");
        advance(99);
        assertThat(alive(client)).isTrue();
        advance(2);
        assertThat(alive(client)).isFalse();
        advance(70);
        assertThat(client.upstream.log).contains("gone");
    }

    @Test
    void aPauseLongerThanMaxpauseIsCut() {
        BoshHarness.Client client = bosh.open();
        client.send("pause='9999'", "");
        advance(119);
        assertThat(alive(client)).isTrue();
        advance(2);
        assertThat(alive(client)).isFalse();
        advance(70);
        assertThat(client.upstream.log).contains("gone");
    }

    @Test
    void theNextRequestEndsThePause() {
        BoshHarness.Client client = bosh.open();
        client.send("pause='100'", "");
        advance(50);
        FakeExchange back = client.send();
        advance(60);
        assertThat(back.answered()).isTrue();
        advance(29);
        assertThat(alive(client)).isTrue();
        advance(2);
        assertThat(alive(client)).isFalse();
        advance(70);
        assertThat(client.upstream.log).contains("gone");
    }
}
