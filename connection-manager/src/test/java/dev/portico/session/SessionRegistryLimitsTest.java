package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The registry's per-address limits count an IPv6 address by its /64, an IPv4 address alone. */
class SessionRegistryLimitsTest {
    private static final Duration NONE = Duration.ZERO;

    private static ClientSession from(SessionRegistry registry, String address) {
        // Admission needs only the address; no upstream is involved.
        return new ClientSession(new SessionServices(null, null, registry, 1, NONE, NONE, 1), null, address, "websocket");
    }

    @Test
    void theSessionsPerAddressLimitCountsAWholeIpv6Slash64() {
        SessionRegistry registry = new SessionRegistry(100, 2);
        assertThat(registry.admit(from(registry, "2001:db8:1:2::1"))).isTrue();
        assertThat(registry.admit(from(registry, "2001:db8:1:2::2"))).isTrue();
        assertThat(registry.admit(from(registry, "2001:db8:1:2:ffff::3"))).as("same /64").isFalse();
        assertThat(registry.admit(from(registry, "2001:db8:1:3::1"))).as("next /64").isTrue();
        assertThat(registry.admit(from(registry, "203.0.113.9"))).isTrue();
        assertThat(registry.admit(from(registry, "203.0.113.10"))).isTrue();
    }

    @Test
    void theNewSessionRateCountsAWholeIpv6Slash64() {
        // A ticker that never moves: no token comes back during the test.
        SessionRegistry registry = new SessionRegistry(100, 100, new NewSessionRateLimiter(2, () -> 0L));
        assertThat(registry.admit(from(registry, "2001:db8:1:2::a"))).isTrue();
        assertThat(registry.admit(from(registry, "2001:db8:1:2::b"))).isTrue();
        assertThat(registry.admit(from(registry, "2001:db8:1:2::c"))).as("same /64").isFalse();
        assertThat(registry.admit(from(registry, "2001:db8:9:9::c"))).isTrue();
    }

    @Test
    void anEndedSessionGivesItsPlaceBack() {
        SessionRegistry registry = new SessionRegistry(100, 1);
        ClientSession first = from(registry, "2001:db8:1:2::1");
        assertThat(registry.admit(first)).isTrue();
        assertThat(registry.admit(from(registry, "2001:db8:1:2::2"))).isFalse();
        registry.remove(first, false);
        assertThat(registry.admit(from(registry, "2001:db8:1:2::2"))).isTrue();
    }
}
