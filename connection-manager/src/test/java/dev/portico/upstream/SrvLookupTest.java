package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing of SRV records as the JDK's DNS provider renders them (RFC 2782). */
class SrvLookupTest {
    @Test
    void aRecordBecomesATargetWithoutTheTrailingDot() {
        SrvLookup.Target t = SrvLookup.parse("5 10 5222 xmpp.example.com.");
        assertThat(t).isEqualTo(new SrvLookup.Target("xmpp.example.com", 5222, 5, 10));
    }

    @Test
    void aDotTargetMeansTheServiceIsNotOffered() {
        assertThat(SrvLookup.parse("0 0 0 .")).isNull();
    }

    @Test
    void garbageIsIgnored() {
        assertThat(SrvLookup.parse("not an srv record")).isNull();
    }
}
