package dev.portico.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The per-address cap on open connections. */
class ConnectionLimiterTest {
    @Test
    void anAddressGetsUpToItsCapAndAPlaceBackWhenOneEnds() {
        ConnectionLimiter limiter = new ConnectionLimiter(2);
        ConnectionLimiter.Permit first = limiter.tryAcquire("203.0.113.9");
        assertThat(first).isNotNull();
        assertThat(limiter.tryAcquire("203.0.113.9")).isNotNull();
        assertThat(limiter.tryAcquire("203.0.113.9")).isNull();
        assertThat(limiter.tryAcquire("203.0.113.10")).as("another address").isNotNull();

        first.release();
        first.release();
        assertThat(limiter.openFrom("203.0.113.9")).as("a second release counts nothing").isEqualTo(1);
        assertThat(limiter.tryAcquire("203.0.113.9")).isNotNull();
        assertThat(limiter.tryAcquire("203.0.113.9")).isNull();
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        ConnectionLimiter limiter = new ConnectionLimiter(2);
        assertThat(limiter.tryAcquire("2001:db8:1:2::1")).isNotNull();
        assertThat(limiter.tryAcquire("2001:db8:1:2::2")).isNotNull();
        assertThat(limiter.tryAcquire("2001:db8:1:2:abcd::3")).as("a fresh address in the same /64").isNull();
        assertThat(limiter.tryAcquire("2001:db8:1:3::1")).isNotNull();
    }

    @Test
    void concurrentAcquiresAndReleasesNeitherLoseNorLeakACount() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        List<Integer> granted = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                int mine = 0;
                for (int i = 0; i < 20_000; i++) {
                    ConnectionLimiter.Permit p = limiter.tryAcquire("198.51.100.1");
                    if (p != null) {
                        mine++;
                        p.release();
                    }
                }
                synchronized (granted) {
                    granted.add(mine);
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        // Four threads each hold at most one permit at a time and the cap is four: every acquire succeeds,
        // and afterwards nothing is left counted.
        assertThat(granted).containsOnly(20_000);
        assertThat(limiter.openFrom("198.51.100.1")).isZero();
    }
}
