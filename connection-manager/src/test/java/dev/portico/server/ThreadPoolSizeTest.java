package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default pool is a small multiple of the cores plus a constant, never a thread per session. */
class ThreadPoolSizeTest {
    @Test
    void thePoolGrowsWithCoresNotWithSessions() {
        assertThat(PorticoServer.defaultMaxThreads(2)).isEqualTo(32);
        assertThat(PorticoServer.defaultMaxThreads(16)).isEqualTo(144);
        assertThat(PorticoServer.defaultMaxThreads(0)).isEqualTo(24);
    }
}
