package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every idle BOSH session keeps an HTTP/1.1 connection open with its held request, so what one connection
 * holds is paid per session. Jetty's default per-connection header cache is a 96 KiB table (measured with
 * the benchmark's idle footprint: 112 KiB of heap per idle BOSH session with it, see bench/results);
 * Portico's connector runs without it.
 */
class HttpConnectionFootprintTest {

    @Test
    void theConnectorKeepsNoPerConnectionHeaderCache() {
        assertThat(PorticoServer.quietHttp().getHeaderCacheSize()).isZero();
    }
}
