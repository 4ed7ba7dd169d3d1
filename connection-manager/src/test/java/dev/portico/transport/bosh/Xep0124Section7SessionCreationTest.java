package dev.portico.transport.bosh;

import static dev.portico.transport.bosh.BoshHarness.attr;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/** XEP-0124 §7 (session creation request and response) with XEP-0206's additions. */
class Xep0124Section7SessionCreationTest {
    private final BoshHarness bosh = new BoshHarness();

    @Test
    void creationResponseCarriesEveryAttributeAndTheFirstFeatures() {
        BoshHarness.Client client = bosh.open("wait='300' hold='5' ack='1' ver='1.6'");
        String body = client.creation.body;

        assertThat(Base64.getUrlDecoder().decode(attr(body, "sid"))).hasSizeGreaterThanOrEqualTo(16);
        assertThat(attr(body, "wait")).as("capped by bosh.max-wait").isEqualTo("60");
        assertThat(attr(body, "hold")).as("capped by bosh.max-hold").isEqualTo("2");
        assertThat(attr(body, "requests")).isEqualTo("3");
        assertThat(attr(body, "inactivity")).isEqualTo("30");
        assertThat(attr(body, "polling")).isEqualTo("2");
        assertThat(attr(body, "maxpause")).isEqualTo("120");
        assertThat(attr(body, "ver")).as("the lower of both versions").isEqualTo("1.6");
        assertThat(attr(body, "from")).isEqualTo("example.com");
        assertThat(attr(body, "authid")).isEqualTo("stream-1");
        assertThat(attr(body, "ack")).isEqualTo("1000");
        assertThat(attr(body, "accept")).isEqualTo("gzip");
        assertThat(attr(body, "charsets")).isEqualTo("UTF-8");
        assertThat(attr(body, "xmpp:version")).isEqualTo("1.0");
        assertThat(attr(body, "xmlns:xmpp")).isEqualTo("urn:xmpp:xbosh");
        assertThat(attr(body, "xmlns:stream")).isEqualTo("http://etherx.jabber.org/streams");
        assertThat(body).contains(BoshHarness.FEATURES).endsWith("</body>");
        assertThat(client.creation.contentType).isEqualTo("text/xml; charset=utf-8");
    }

    @Test
    void sidsAreUnpredictableAndUnique() {
        String a = bosh.open().sid;
        String b = bosh.open().sid;
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void routeNeverPicksTheUpstream() {
        bosh.open("route='xmpp:evil.example:5222'");
        assertThat(bosh.upstreams.get(0).log).containsExactly("open example.com");
    }

    @Test
    void contentAttributeNeverChangesTheContentType() {
        // A page on another site could otherwise have the server's XML rendered as HTML on our origin.
        BoshHarness.Client client = bosh.open("content='text/html; charset=utf-8'");
        assertThat(client.creation.contentType).isEqualTo("text/xml; charset=utf-8");
        client.upstream.serverSends("<message xmlns='jabber:client'><body>&lt;img src=x onerror=alert(1)&gt;</body></message>");
        FakeExchange next = client.send();
        assertThat(next.contentType).isEqualTo("text/xml; charset=utf-8");
    }

    @Test
    void missingToIsImproperAddressing() {
        FakeExchange answer = bosh.post("<body rid='5' wait='60' hold='1' ver='1.11' xmlns='" + BoshHarness.NS + "'/>");
        assertThat(answer.body).contains("type='terminate'").contains("condition='improper-addressing'");
        assertThat(bosh.upstreams).isEmpty();
    }

    @Test
    void unknownDomainIsHostUnknown() {
        FakeExchange answer = new FakeExchange();
        BoshService service = new BoshService(bosh.settings, (sink, address) -> {
            FakeUpstream upstream = new FakeUpstream(sink);
            upstream.refuseDomain = "nowhere.example";
            return upstream;
        }, bosh.time, bosh.time, Runnable::run);
        service.process(("<body rid='5' to='nowhere.example' wait='60' hold='1' ver='1.11' xmlns='"
            + BoshHarness.NS + "'/>").getBytes(), "127.0.0.1", answer);
        assertThat(answer.body).contains("type='terminate'").contains("condition='host-unknown'");
        assertThat(service.size()).isZero();
    }

    @Test
    void unknownSidIsItemNotFound() {
        FakeExchange answer = bosh.post("<body rid='5' sid='nope' xmlns='" + BoshHarness.NS + "'/>");
        assertThat(answer.body).contains("type='terminate'").contains("condition='item-not-found'");
    }
}
