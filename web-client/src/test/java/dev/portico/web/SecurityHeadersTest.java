package dev.portico.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SecurityHeadersTest {
    @Test
    void withoutEmbeddersOnlyPorticoMayFrameTheWidget() {
        SecurityHeaders headers = new SecurityHeaders(List.of());
        assertThat(headers.embedPolicy()).endsWith("frame-ancestors 'self'");
        assertThat(headers.pagePolicy()).endsWith("frame-ancestors 'none'");
    }

    @Test
    void embeddersAreListedAfterSelf() {
        SecurityHeaders headers = new SecurityHeaders(List.of("https://a.example", "http://b.example:8080"));
        assertThat(headers.embedPolicy()).endsWith("frame-ancestors 'self' https://a.example http://b.example:8080");
    }

    @Test
    void noPolicyAllowsInlineScriptOrStyle() {
        SecurityHeaders headers = new SecurityHeaders(List.of("https://a.example"));
        for (String policy : List.of(headers.pagePolicy(), headers.embedPolicy())) {
            assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "base-uri 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        }
    }

    @Test
    void onlyPlainOriginsAreSafeSources() {
        assertThat(SecurityHeaders.isCspSafeSource("https://shop.example")).isTrue();
        assertThat(SecurityHeaders.isCspSafeSource("http://[::1]:8080")).isTrue();
        assertThat(SecurityHeaders.isCspSafeSource("https://a.example; script-src *")).isFalse();
        assertThat(SecurityHeaders.isCspSafeSource("'unsafe-inline'")).isFalse();
        assertThat(SecurityHeaders.isCspSafeSource("*")).isFalse();
        assertThat(SecurityHeaders.isCspSafeSource("https://a.example/path")).isFalse();
    }
}
