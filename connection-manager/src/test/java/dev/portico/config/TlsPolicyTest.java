package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TlsPolicyTest {
    @Test
    void parsesEveryWireName() {
        for (TlsPolicy policy : TlsPolicy.values()) {
            assertThat(TlsPolicy.parse("upstream.tls", policy.wireName())).isSameAs(policy);
        }
        assertThat(TlsPolicy.IF_OFFERED.wireName()).isEqualTo("if-offered");
    }

    @Test
    void ignoresCaseAndSurroundingSpaces() {
        assertThat(TlsPolicy.parse("upstream.tls", " Required ")).isSameAs(TlsPolicy.REQUIRED);
    }

    @Test
    void rejectsOtherValuesListingTheAllowedOnes() {
        ConfigException e = Failures.thrownBy(() -> TlsPolicy.parse("upstream.tls", "sometimes"));
        assertThat(e.getMessage()).isEqualTo("upstream.tls: must be one of required, if-offered, disabled, direct (got 'sometimes')");
    }

    @Test
    void rejectsTheEnumConstantSpelling() {
        assertThat(Failures.thrownBy(() -> TlsPolicy.parse("--upstream-tls", "IF_OFFERED")).key()).isEqualTo("--upstream-tls");
    }
}
