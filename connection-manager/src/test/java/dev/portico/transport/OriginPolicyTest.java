package dev.portico.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which browser origins may open sessions. */
class OriginPolicyTest {
    private static final String OWN = "https://chat.example.com";

    @Test
    void byDefaultOwnOriginAndLoopbackAreAllowedAndOthersNot() {
        OriginPolicy policy = new OriginPolicy(List.of(), () -> OWN);
        assertThat(policy.allows("https://chat.example.com")).isTrue();
        assertThat(policy.allows("https://chat.example.com:443")).isTrue();
        assertThat(policy.allows("http://localhost:3000")).isTrue();
        assertThat(policy.allows("http://127.0.0.1:8080")).isTrue();
        assertThat(policy.allows("http://127.3.2.1")).isTrue();
        assertThat(policy.allows("http://[::1]:8080")).isTrue();
        assertThat(policy.allows("http://[::ffff:7f00:1]")).as("IPv4-mapped 127.0.0.1").isTrue();
        assertThat(policy.allows("https://evil.example")).isFalse();
        assertThat(policy.allows("null")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.evil.example", "http://127.0.0.1.evil.example", "http://localhost.evil.example",
        "http://evil-localhost", "http://[::2]", "http://0x7f.0.0.1", "http://128.0.0.1",
        "http://127.1"})
    void onlyLocalhostAndLoopbackIpLiteralsCountAsLoopback(String origin) {
        assertThat(new OriginPolicy(List.of(), () -> OWN).allows(origin)).isFalse();
    }

    @Test
    void theOwnOriginIsAllowedAlsoWhenPartnersAreListed() {
        OriginPolicy policy = new OriginPolicy(List.of("https://partner.example"), () -> OWN);
        assertThat(policy.allows(OWN)).isTrue();
        assertThat(policy.allows("https://partner.example")).isTrue();
        assertThat(policy.allows("https://evil.example")).isFalse();
    }

    @Test
    void anUnknownOwnOriginAllowsOnlyTheRest() {
        OriginPolicy policy = new OriginPolicy(List.of(), () -> null);
        assertThat(policy.allows("http://localhost:7070")).isTrue();
        assertThat(policy.allows("https://chat.example.com")).isFalse();
    }

    @Test
    void aMissingOriginMeansANonBrowserClientAndIsAllowed() {
        assertThat(new OriginPolicy(List.of("https://a.example"), () -> OWN).allows(null)).isTrue();
    }

    @Test
    void aConfiguredListReplacesTheLoopbackDefault() {
        OriginPolicy policy = new OriginPolicy(List.of("https://Site.Example/"), () -> "http://127.0.0.1:7070");
        assertThat(policy.allows("https://site.example")).isTrue();
        assertThat(policy.allows("http://localhost:3000")).isFalse();
        assertThat(policy.allows("http://127.0.0.1:7070")).as("still the own origin").isTrue();
    }
}
