package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** XEP-0124 §12: polling sessions (hold='0') answer at once and may not poll faster than 'polling'. */
class Xep0124Section12PollingTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void everyRequestIsAnsweredAtOnce() {
        BoshHarness.Client client = bosh.open("wait='60' hold='0'");
        assertThat(client.send().answered()).isTrue();
    }

    @Test
    void twoEmptyPollsWithinThePollingIntervalAreAPolicyViolation() {
        BoshHarness.Client client = bosh.open("wait='60' hold='0'");
        client.send();
        bosh.time.advance(Duration.ofSeconds(1));
        assertThat(client.send().body).contains("type='terminate'").contains("condition='policy-violation'");
    }

    @Test
    void pollingAtTheIntervalIsFine() {
        BoshHarness.Client client = bosh.open("wait='60' hold='0'");
        for (int i = 0; i < 5; i++) {
            assertThat(client.send().body).doesNotContain("terminate");
            bosh.time.advance(Duration.ofSeconds(2));
        }
    }

    @Test
    void aQuickPollAfterAnAnswerWithPayloadsIsFine() {
        BoshHarness.Client client = bosh.open("wait='60' hold='0'");
        client.upstream.serverSends("<message xmlns='jabber:client'/>");
        assertThat(client.send().body).contains("<message");
        assertThat(client.send().body).doesNotContain("terminate");
    }
}
