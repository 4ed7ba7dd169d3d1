package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** XEP-0124 §14.3: broken connections; a repeated rid gets the cached response again. */
class Xep0124Section14RetransmissionTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void aRepeatedRidGetsTheIdenticalResponseAndItsPayloadIsNotForwardedTwice() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        String payload = "<message xmlns='jabber:client' to='b@example.com'><body>once</body></message>";
        FakeExchange original = client.sendRid(r, "", payload);
        client.upstream.serverSends("<message xmlns='jabber:client' from='b@example.com'><body>reply</body></message>");
        assertThat(original.body).contains("reply");

        FakeExchange again = client.sendRid(r, "", payload);
        assertThat(again.body).isEqualTo(original.body);
        assertThat(again.status).isEqualTo(200);
        assertThat(client.upstream.sent).containsExactly(payload);
    }

    @Test
    void theCreationResponseCanBeFetchedAgainBySid() {
        BoshHarness.Client client = bosh.open();
        FakeExchange again = client.sendRid(1000, "", "");
        assertThat(again.body).isEqualTo(client.creation.body);
    }

    @Test
    void aRepeatedRidStillHeldMovesTheAnswerToTheNewConnection() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        FakeExchange brokenConnection = client.sendRid(r, "", "");
        FakeExchange retry = client.sendRid(r, "", "");
        assertThat(brokenConnection.abandoned).isTrue();
        client.upstream.serverSends("<message xmlns='jabber:client'><body>x</body></message>");
        assertThat(retry.body).contains("<body>x</body>");
    }

    @Test
    void aRidNoLongerCachedIsItemNotFound() {
        BoshHarness.Client client = bosh.open("wait='60' hold='1'");
        long r = client.nextRid;
        for (int i = 0; i < 4; i++) {
            client.send();
            client.upstream.serverSends("<message xmlns='jabber:client'/>");
        }
        assertThat(client.sendRid(r, "", "").body).contains("type='terminate'").contains("condition='item-not-found'");
        assertThat(bosh.service.size()).isZero();
    }
}
