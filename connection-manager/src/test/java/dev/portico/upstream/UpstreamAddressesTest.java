package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.portico.config.TlsPolicy;
import dev.portico.config.UpstreamDomain;
import org.junit.jupiter.api.Test;

/**
 * Where Portico connects for a domain, with DNS replaced by fixed answers: direct TLS SRV targets first, and
 * (issue 9 item 4) DNS answers pointing at loopback, private or link-local addresses refused unless allowed.
 */
class UpstreamAddressesTest {
    private final Map<String, List<SrvLookup.Target>> srvRecords = new HashMap<>();
    private final Map<String, List<String>> hostRecords = new HashMap<>();
    private final List<String> srvAsked = new ArrayList<>();

    private UpstreamAddresses addresses(TlsPolicy policy, boolean allowPrivateDns) {
        SrvLookup srv = new SrvLookup(Runnable::run, Duration.ofMinutes(5), name -> {
            srvAsked.add(name);
            return srvRecords.getOrDefault(name, List.of());
        });
        return new UpstreamAddresses(policy, allowPrivateDns, srv, (host, port) -> {
            List<InetSocketAddress> found = new ArrayList<>();
            for (String ip : hostRecords.getOrDefault(host, List.of())) {
                found.add(new InetSocketAddress(literal(ip), port));
            }
            return CompletableFuture.completedFuture(found);
        });
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void srv(String name, String target, int port) {
        srvRecords.computeIfAbsent(name, n -> new ArrayList<>()).add(new SrvLookup.Target(target, port, 0, 0));
    }

    private void host(String name, String... ips) {
        hostRecords.put(name, List.of(ips));
    }

    private void bothServices() {
        srv("_xmpp-client._tcp.example.com", "c2s.example.com", 5222);
        srv("_xmpps-client._tcp.example.com", "tls.example.com", 5223);
        host("c2s.example.com", "203.0.113.1");
        host("tls.example.com", "203.0.113.2");
    }

    private static List<String> describe(CompletableFuture<List<UpstreamAddresses.Candidate>> found) throws Exception {
        List<String> out = new ArrayList<>();
        for (UpstreamAddresses.Candidate c : found.get()) {
            out.add((c.directTls() ? "tls " : "tcp ") + c.address().getAddress().getHostAddress() + ":" + c.address().getPort());
        }
        return out;
    }

    private static Throwable failure(CompletableFuture<?> found) {
        Throwable thrown = catchThrowable(found::get);
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    @Test
    void srvTargetsOnLoopbackOrPrivateAddressesAreRefused() {
        srv("_xmpp-client._tcp.example.com", "evil.example.net", 5222);
        host("evil.example.net", "127.0.0.1", "10.0.0.8", "169.254.169.254", "fd00::1");
        Throwable why = failure(addresses(TlsPolicy.REQUIRED, false).find(UpstreamDomain.viaSrv("example.com")));
        assertThat(why).isInstanceOf(UnknownHostException.class)
            .hasMessageContaining("every address DNS gives for example.com is loopback, private or link-local");
    }

    @Test
    void onlyTheLocalAddressesOfAnAnswerAreDropped() throws Exception {
        srv("_xmpp-client._tcp.example.com", "xmpp.example.com", 5222);
        host("xmpp.example.com", "192.168.1.1", "203.0.113.9");
        assertThat(describe(addresses(TlsPolicy.REQUIRED, false).find(UpstreamDomain.viaSrv("example.com"))))
            .containsExactly("tcp 203.0.113.9:5222");
    }

    @Test
    void allowPrivateDnsAcceptsThem() throws Exception {
        srv("_xmpp-client._tcp.example.com", "xmpp.internal", 5222);
        host("xmpp.internal", "10.0.0.8");
        assertThat(describe(addresses(TlsPolicy.REQUIRED, true).find(UpstreamDomain.viaSrv("example.com"))))
            .containsExactly("tcp 10.0.0.8:5222");
    }

    @Test
    void theDomainsOwnAddressIsJudgedLikeAnSrvTarget() {
        host("example.com", "127.0.0.1");
        Throwable why = failure(addresses(TlsPolicy.REQUIRED, false).find(UpstreamDomain.viaSrv("example.com")));
        assertThat(why).hasMessageContaining("loopback, private or link-local");
    }

    @Test
    void aConfiguredHostIsTrustedEvenWhenLocal() throws Exception {
        host("127.0.0.1", "127.0.0.1");
        UpstreamDomain local = new UpstreamDomain("example.com", Optional.of("127.0.0.1"), 5299);
        assertThat(describe(addresses(TlsPolicy.REQUIRED, false).find(local))).containsExactly("tcp 127.0.0.1:5299");
        assertThat(srvAsked).isEmpty();
    }

    @Test
    void directTlsTargetsComeBeforeStartTlsOnes() throws Exception {
        bothServices();
        assertThat(describe(addresses(TlsPolicy.REQUIRED, false).find(UpstreamDomain.viaSrv("example.com"))))
            .containsExactly("tls 203.0.113.2:5223", "tcp 203.0.113.1:5222");
    }

    @Test
    void withoutSrvRecordsTheDomainItselfIsUsedWithStartTls() throws Exception {
        host("example.com", "203.0.113.3");
        assertThat(describe(addresses(TlsPolicy.IF_OFFERED, false).find(UpstreamDomain.viaSrv("example.com"))))
            .containsExactly("tcp 203.0.113.3:5222");
    }

    @Test
    void directPolicyUsesOnlyXmppsRecords() throws Exception {
        bothServices();
        assertThat(describe(addresses(TlsPolicy.DIRECT, false).find(UpstreamDomain.viaSrv("example.com"))))
            .containsExactly("tls 203.0.113.2:5223");
        assertThat(srvAsked).containsExactly("_xmpps-client._tcp.example.com");
    }

    @Test
    void directPolicyWithoutAnXmppsRecordFailsInsteadOfFallingBackToPlainTcp() {
        srv("_xmpp-client._tcp.example.com", "c2s.example.com", 5222);
        host("c2s.example.com", "203.0.113.1");
        host("example.com", "203.0.113.3");
        Throwable why = failure(addresses(TlsPolicy.DIRECT, false).find(UpstreamDomain.viaSrv("example.com")));
        assertThat(why).hasMessageContaining("no _xmpps-client._tcp SRV record for example.com");
    }

    @Test
    void disabledPolicyNeverAsksForDirectTls() throws Exception {
        host("example.com", "203.0.113.3");
        assertThat(describe(addresses(TlsPolicy.DISABLED, false).find(UpstreamDomain.viaSrv("example.com"))))
            .containsExactly("tcp 203.0.113.3:5222");
        assertThat(srvAsked).containsExactly("_xmpp-client._tcp.example.com");
    }

    @Test
    void aConfiguredHostUnderTheDirectPolicyIsReachedWithDirectTls() throws Exception {
        host("xmpp.example.com", "203.0.113.4");
        UpstreamDomain domain = new UpstreamDomain("example.com", Optional.of("xmpp.example.com"), 5223);
        assertThat(describe(addresses(TlsPolicy.DIRECT, false).find(domain))).containsExactly("tls 203.0.113.4:5223");
    }
}
