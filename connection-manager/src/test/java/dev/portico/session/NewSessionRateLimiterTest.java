package dev.portico.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The per-IP new-session rate limit, with an injected clock instead of sleeping. */
class NewSessionRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final NewSessionRateLimiter limiter = new NewSessionRateLimiter(3, now::get);

    @Test
    void aBurstUpToTheLimitPassesThenTheAddressWaits() {
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
    }

    @Test
    void tokensComeBackOverTime() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("192.0.2.1");
        }
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(20)); // a third of a minute: one token back
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
    }

    @Test
    void addressesHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("192.0.2.1");
        }
        assertThat(limiter.tryAcquire("192.0.2.2")).isTrue();
    }

    @Test
    void zeroMeansUnlimited() {
        NewSessionRateLimiter unlimited = new NewSessionRateLimiter(0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(unlimited.tryAcquire("192.0.2.1")).isTrue();
        }
    }
}
