package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.LogCapture;
import org.junit.jupiter.api.Test;

/** Issue 9 item 2: every upstream stream that stays plaintext is logged, one warning naming domain and address. */
class UpstreamLinkPlaintextWarningTest {
    private static UpstreamLink link(boolean directTls) {
        return new UpstreamLink("example.com", new InetSocketAddress("127.0.0.1", 5222), directTls, null,
            TlsPolicy.IF_OFFERED, null, null, null);
    }

    @Test
    void aStreamSettledWithoutTlsIsLoggedOnce() {
        try (LogCapture log = LogCapture.start()) {
            link(false).tlsSettled();
            assertThat(log.text().lines().filter(l -> l.contains("stays in plaintext")))
                .singleElement().asString().contains("WARN").contains("example.com").contains("127.0.0.1:5222")
                .contains("upstream.tls=if-offered");
        }
    }

    @Test
    void anEncryptedStreamIsNotLogged() {
        try (LogCapture log = LogCapture.start()) {
            link(true).tlsSettled();
            assertThat(log.text()).doesNotContain("plaintext");
        }
    }
}
