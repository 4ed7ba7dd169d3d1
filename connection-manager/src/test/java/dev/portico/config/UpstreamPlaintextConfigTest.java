package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 item 2: TLS is required by default, and a policy that can leave a stream in plaintext ({@code if-offered},
 * {@code disabled}) is a config error unless every upstream host is local, or the operator forces it.
 */
class UpstreamPlaintextConfigTest {
    @Test
    void tlsIsRequiredByDefault() {
        assertThat(ConfigLoader.fromYaml("upstream:\n  domains:\n    example.com: {host: xmpp.example.com}\n")
            .upstream().tls()).isEqualTo(TlsPolicy.REQUIRED);
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({
        "if-offered, 203.0.113.7,      example.com's host 203.0.113.7 is a public address",
        "disabled,   xmpp.example.com, example.com's host xmpp.example.com is a DNS name",
        "if-offered, '2001:db8::1',    example.com's host 2001:db8::1 is a public address"})
    void aPlaintextPolicyTowardsARemoteHostIsRefused(String policy, String host, String problem) {
        ConfigException e = Failures.loading(
            "upstream:\n  tls: " + policy + "\n  domains:\n    example.com: {host: '" + host + "'}\n");
        assertThat(e.key()).isEqualTo("upstream.tls");
        assertThat(e.problem()).startsWith("'" + policy + "' can send passwords in cleartext")
            .contains(problem).contains("upstream.allow-plaintext").contains("--upstream-allow-plaintext");
    }

    @Test
    void aPlaintextPolicyForADomainFoundThroughDnsIsRefused() {
        ConfigException e = Failures.loading("upstream:\n  tls: if-offered\n  domains:\n    example.com:\n");
        assertThat(e.key()).isEqualTo("upstream.tls");
        assertThat(e.problem()).contains("example.com is found through DNS");
    }

    @Test
    void oneRemoteDomainAmongLocalOnesIsEnoughToRefuse() {
        ConfigException e = Failures.loading("upstream:\n  tls: disabled\n  domains:\n"
            + "    a.example: {host: 127.0.0.1}\n    b.example: {host: 198.51.100.1}\n");
        assertThat(e.problem()).contains("b.example's host 198.51.100.1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "localhost", "10.0.0.5", "172.20.1.1", "192.168.0.10", "'::1'", "'fd00::5'"})
    void aPlaintextPolicyTowardsLocalHostsNeedsNoForce(String host) {
        PorticoConfig c = ConfigLoader.fromYaml("upstream:\n  tls: if-offered\n  domains:\n    example.com: {host: " + host + "}\n");
        assertThat(c.upstream().tls()).isEqualTo(TlsPolicy.IF_OFFERED);
        assertThat(c.upstream().allowPlaintext()).isFalse();
    }

    @Test
    void allowPlaintextForcesIt() {
        PorticoConfig c = ConfigLoader.fromYaml("upstream:\n  tls: disabled\n  allow-plaintext: true\n  domains:\n"
            + "    example.com: {host: xmpp.example.com}\n    example.org:\n");
        assertThat(c.upstream().tls()).isEqualTo(TlsPolicy.DISABLED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"required", "direct"})
    void encryptedPoliciesNeedNoForceForAnyHost(String policy) {
        PorticoConfig c = ConfigLoader.fromYaml("upstream:\n  tls: " + policy + "\n  domains:\n"
            + "    example.com: {host: 203.0.113.7}\n    example.org:\n");
        assertThat(c.upstream().tls()).isEqualTo(TlsPolicy.parse("t", policy));
    }

    @Test
    void theFlagsDoTheSame() {
        ConfigException e = Failures.thrownBy(() -> CliOptions.resolve("--upstream", "example.com=203.0.113.7",
            "--upstream-tls", "if-offered"));
        assertThat(e.key()).isEqualTo("upstream.tls");
        assertThat(CliOptions.resolve("--upstream", "example.com=203.0.113.7", "--upstream-tls", "if-offered",
            "--upstream-allow-plaintext").upstream().allowPlaintext()).isTrue();
        assertThat(CliOptions.resolve("--upstream", "example.com=127.0.0.1:5299", "--upstream-tls", "disabled")
            .upstream().tls()).isEqualTo(TlsPolicy.DISABLED);
    }

    @Test
    void allowPrivateDnsIsOffByDefaultAndCanBeSet() {
        assertThat(ConfigLoader.defaults().upstream().allowPrivateDns()).isFalse();
        assertThat(ConfigLoader.fromYaml("upstream:\n  allow-private-dns: true\n").upstream().allowPrivateDns()).isTrue();
    }
}
