package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    @Test
    void eachServiceAsksForItsOwnRecordNameAndTargetsComeBestFirst() throws Exception {
        List<String> asked = new ArrayList<>();
        SrvLookup lookup = new SrvLookup(Runnable::run, Duration.ofMinutes(5), name -> {
            asked.add(name);
            return List.of(new SrvLookup.Target("b.example", 5223, 10, 5), new SrvLookup.Target("a.example", 5223, 5, 1),
                new SrvLookup.Target("c.example", 5223, 10, 50));
        });
        List<SrvLookup.Target> targets = lookup.lookup(SrvLookup.Service.XMPPS_CLIENT, "example.com").get();
        lookup.lookup(SrvLookup.Service.XMPP_CLIENT, "example.com").get();
        lookup.lookup(SrvLookup.Service.XMPPS_CLIENT, "example.com").get();
        assertThat(targets).extracting(SrvLookup.Target::host).containsExactly("a.example", "c.example", "b.example");
        assertThat(asked).containsExactly("_xmpps-client._tcp.example.com", "_xmpp-client._tcp.example.com");
    }
}
