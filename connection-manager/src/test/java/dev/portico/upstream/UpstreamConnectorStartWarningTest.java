package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.portico.config.TlsPolicy;
import dev.portico.config.UpstreamConfig;
import dev.portico.config.UpstreamDomain;
import dev.portico.testing.LogCapture;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.Test;

/** Issue 9 item 2: forcing plaintext towards remote servers is announced at start, never silent. */
class UpstreamConnectorStartWarningTest {
    private static UpstreamConfig config(TlsPolicy tls, boolean allowPlaintext) {
        return new UpstreamConfig(Map.of("example.com", new UpstreamDomain("example.com", Optional.of("xmpp.example.com"), 5222)),
            tls, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(1), 1 << 20,
            Duration.ofSeconds(60), allowPlaintext, false);
    }

    private static String logOfCreating(UpstreamConfig config) {
        try (LogCapture log = LogCapture.start()) {
            new UpstreamConnector(config, Runnable::run, new ScheduledExecutorScheduler());
            return log.text();
        }
    }

    @Test
    void forcedPlaintextIsLoggedAsAWarningAtStart() {
        assertThat(logOfCreating(config(TlsPolicy.IF_OFFERED, true)).lines().filter(l -> l.contains("allow-plaintext")))
            .singleElement().asString().contains("WARN").contains("upstream.tls=if-offered").contains("example.com");
    }

    @Test
    void requiredTlsLogsNoSuchWarning() {
        assertThat(logOfCreating(config(TlsPolicy.REQUIRED, true))).doesNotContain("allow-plaintext");
    }
}
