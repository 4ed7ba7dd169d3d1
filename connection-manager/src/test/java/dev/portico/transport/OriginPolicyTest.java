package dev.portico.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which browser origins may open sessions. */
class OriginPolicyTest {
    @Test
    void byDefaultOwnOriginAndLoopbackAreAllowedAndOthersNot() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertThat(policy.allows("https://chat.example.com", "https://chat.example.com")).isTrue();
        assertThat(policy.allows("http://localhost:3000", "https://chat.example.com")).isTrue();
        assertThat(policy.allows("http://127.0.0.1:8080", "https://chat.example.com")).isTrue();
        assertThat(policy.allows("http://[::1]:8080", "https://chat.example.com")).isTrue();
        assertThat(policy.allows("https://evil.example", "https://chat.example.com")).isFalse();
        assertThat(policy.allows("null", "https://chat.example.com")).isFalse();
    }

    @Test
    void aMissingOriginMeansANonBrowserClientAndIsAllowed() {
        assertThat(new OriginPolicy(List.of("https://a.example")).allows(null, "http://x")).isTrue();
    }

    @Test
    void aConfiguredListReplacesTheDefaults() {
        OriginPolicy policy = new OriginPolicy(List.of("https://Site.Example/"));
        assertThat(policy.allows("https://site.example", "http://127.0.0.1:7070")).isTrue();
        assertThat(policy.allows("http://localhost:3000", "http://127.0.0.1:7070")).isFalse();
    }
}
