package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** XEP-0124 §15: the SHA-1 key chain, enforced when the creation request set 'newkey'. */
class Xep0124Section15KeySequencingTest {
    private final BoshHarness bosh = new BoshHarness();
    /** K(1) … K(5): K(n) = hex(SHA-1(K(n-1))), K(1) = hex(SHA-1(seed)). */
    private final String[] k = new String[6];

    {
        k[1] = KeySequence.sha1Hex("seed");
        for (int i = 2; i <= 5; i++) {
            k[i] = KeySequence.sha1Hex(k[i - 1]);
        }
    }

    @Test
    void theKnownVectorFromTheXepExamples() {
        // The XEP's examples are a chain: sha1(hex) of the second key is the first.
        assertThat(KeySequence.sha1Hex("bfb06a6f113cd6fd3838ab9d300fdb4fe3da2f7d"))
            .isEqualTo("ca393b51b682f61f98e7877d61146407f3d0a770");
    }

    @Test
    void eachKeyMustHashToThePreviousOne() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' newkey='" + k[5] + "'");
        FakeExchange one = client.send("key='" + k[4] + "'", "<presence xmlns='jabber:client'/>");
        FakeExchange two = client.send("key='" + k[3] + "'", "<presence xmlns='jabber:client'/>");
        assertThat(one.body).doesNotContain("terminate");
        assertThat(client.upstream.sent).hasSize(2);
        assertThat(two.answered()).isFalse();
    }

    @Test
    void aWrongKeyIsItemNotFoundAndNothingIsForwarded() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' newkey='" + k[5] + "'");
        FakeExchange bad = client.send("key='" + k[3] + "'", "<presence xmlns='jabber:client'/>");
        assertThat(bad.body).contains("type='terminate'").contains("condition='item-not-found'");
        assertThat(client.upstream.sent).isEmpty();
    }

    @Test
    void aMissingKeyIsItemNotFound() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' newkey='" + k[5] + "'");
        assertThat(client.send().body).contains("condition='item-not-found'");
    }

    @Test
    void switchingToANewSequenceWithNewkey() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1' newkey='" + k[2] + "'");
        String fresh = KeySequence.sha1Hex(KeySequence.sha1Hex("other seed"));
        client.send("key='" + k[1] + "' newkey='" + fresh + "'", "<presence xmlns='jabber:client'/>");
        FakeExchange next = client.send("key='" + KeySequence.sha1Hex("other seed") + "'",
            "<presence xmlns='jabber:client'/>");
        assertThat(next.answered()).isFalse();
        assertThat(client.upstream.sent).hasSize(2);
    }

    @Test
    void withoutNewkeyKeysAreIgnored() {
        BoshHarness.Client client = bosh.open();
        client.send("key='whatever'", "<presence xmlns='jabber:client'/>");
        assertThat(client.upstream.sent).hasSize(1);
    }
}
