package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.xml.StreamErrorCondition;
import org.junit.jupiter.api.Test;

/** XEP-0124 §17 terminal binding conditions and XEP-0206's mapping of stream errors. */
class Xep0124Section17TerminalConditionsTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void everyConditionHasItsWireNameAndLegacyStatus() {
        assertThat(BoshCondition.BAD_REQUEST.wireName()).isEqualTo("bad-request");
        assertThat(BoshCondition.BAD_REQUEST.httpStatus(true)).isEqualTo(400);
        assertThat(BoshCondition.POLICY_VIOLATION.httpStatus(true)).isEqualTo(403);
        assertThat(BoshCondition.ITEM_NOT_FOUND.httpStatus(true)).isEqualTo(404);
        assertThat(BoshCondition.REMOTE_STREAM_ERROR.httpStatus(true)).isEqualTo(200);
        for (BoshCondition c : BoshCondition.values()) {
            assertThat(c.httpStatus(false)).isEqualTo(200);
        }
        assertThat(BoshCondition.values()).extracting(BoshCondition::wireName).contains("host-gone", "host-unknown",
            "improper-addressing", "internal-server-error", "other-request", "remote-connection-failed",
            "see-other-uri", "system-shutdown", "undefined-condition");
    }

    @Test
    void aMalformedBodyEndsOnlyItsOwnSessionWithBadRequest() {
        BoshHarness.Client victim = bosh.open();
        BoshHarness.Client other = bosh.open();
        FakeExchange otherHeld = other.send();
        FakeExchange bad = bosh.post("<body rid='" + victim.nextRid + "' sid='" + victim.sid
            + "' xmlns='http://jabber.org/protocol/httpbind'><message><body>unclosed</message></body>");
        assertThat(bad.body).contains("type='terminate'").contains("condition='bad-request'");
        assertThat(victim.upstream.sent).isEmpty();
        assertThat(victim.upstream.log).contains("abort not-well-formed");
        assertThat(other.upstream.log).containsExactly("open example.com");
        other.upstream.serverSends("<message xmlns='jabber:client'><body>still here</body></message>");
        assertThat(otherHeld.body).contains("still here");
    }

    @Test
    void restrictedXmlIsBadRequestToo() {
        BoshHarness.Client client = bosh.open();
        FakeExchange bad = bosh.post("<!DOCTYPE x [<!ENTITY a 'b'>]><body rid='" + client.nextRid + "' sid='"
            + client.sid + "' xmlns='http://jabber.org/protocol/httpbind'/>");
        assertThat(bad.body).contains("condition='bad-request'");
        assertThat(client.upstream.log).anyMatch(l -> l.startsWith("abort"));
    }

    @Test
    void aWrongRootElementIsBadRequest() {
        FakeExchange bad = bosh.post("<stream xmlns='jabber:client'/>");
        assertThat(bad.body).contains("condition='bad-request'");
    }

    @Test
    void aLegacyClientWithoutVerGets404() {
        FakeExchange creation = bosh.post("<body rid='7' to='example.com' wait='60' hold='1' xmlns='"
            + BoshHarness.NS + "'/>");
        FakeUpstream upstream = bosh.upstreams.get(0);
        upstream.opened();
        upstream.serverSends(BoshHarness.FEATURES);
        String sid = BoshHarness.attr(creation.body, "sid");
        FakeExchange far = bosh.post("<body rid='99' sid='" + sid + "' xmlns='" + BoshHarness.NS + "'/>");
        assertThat(far.status).isEqualTo(404);
    }

    @Test
    void aServerStreamErrorIsRemoteStreamErrorCarryingTheError() {
        BoshHarness.Client client = bosh.open();
        FakeExchange held = client.send();
        client.upstream.serverSends("<message xmlns='jabber:client'><body>last</body></message>");
        FakeExchange held2 = client.send();
        String error = "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><conflict "
            + "xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>";
        client.upstream.sink.streamError(StreamErrorCondition.CONFLICT, null, error);
        assertThat(held.body).contains("last");
        assertThat(held2.body).contains("type='terminate'").contains("condition='remote-stream-error'")
            .contains(error);
    }

    @Test
    void anUpstreamConnectFailureIsRemoteConnectionFailed() {
        FakeExchange creation = bosh.post("<body rid='7' to='example.com' wait='60' hold='1' ver='1.11' xmlns='"
            + BoshHarness.NS + "'/>");
        bosh.upstreams.get(0).sink.streamError(StreamErrorCondition.REMOTE_CONNECTION_FAILED, "down", null);
        assertThat(creation.body).contains("type='terminate'").contains("condition='remote-connection-failed'");
    }

    @Test
    void anEndWithNobodyWaitingIsHandedToTheNextRequest() {
        BoshHarness.Client client = bosh.open();
        client.upstream.serverSends("<message xmlns='jabber:client'><body>bye</body></message>");
        client.upstream.sink.closed();
        FakeExchange next = client.send();
        assertThat(next.body).contains("<body>bye</body>").contains("type='terminate'");
        assertThat(client.send().body).contains("condition='item-not-found'");
    }

    @Test
    void shuttingDownAnswersHeldRequestsWithSystemShutdownAndClosesTheStreams() {
        BoshHarness.Client client = bosh.open();
        FakeExchange held = client.send();
        bosh.service.shutdown();
        assertThat(held.body).contains("type='terminate'").contains("condition='system-shutdown'");
        assertThat(client.upstream.log).contains("shutdown");
    }

    @Test
    void aMalformedNumberIsBadRequestEvenAheadOfAGap() {
        BoshHarness.Client client = bosh.open("wait='60' hold='2'");
        long r = client.nextRid;
        FakeExchange ahead = client.sendRid(r + 1, "pause='soon'", "");
        assertThat(ahead.body).contains("type='terminate'").contains("condition='bad-request'");
        assertThat(client.sendRid(r, "", "").body).contains("condition='item-not-found'");
    }
}
