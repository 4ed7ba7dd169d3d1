package dev.portico.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import dev.portico.web.StatusView;
import org.junit.jupiter.api.Test;

class StatusSamplesTest {
    @Test
    void keepsTheLastHourOldestFirstWithTheStanzaRateBetweenSamples() {
        AtomicLong stanzas = new AtomicLong();
        AtomicLong sessions = new AtomicLong();
        StatusSamples samples = new StatusSamples(sessions::get, stanzas::get);
        for (int i = 0; i < StatusSamples.CAPACITY + 5; i++) {
            sessions.set(i);
            stanzas.addAndGet(300); // 300 stanzas per 30 s = 10/s
            samples.sample(i * StatusSamples.INTERVAL_MILLIS);
        }
        var history = samples.history();
        assertThat(history).hasSize(StatusSamples.CAPACITY);
        assertThat(history.get(0).sessions()).isEqualTo(5);
        assertThat(history.get(history.size() - 1).sessions()).isEqualTo(StatusSamples.CAPACITY + 4);
        assertThat(history).extracting(StatusView.Sample::stanzasPerSecond).containsOnly(10.0);
    }
}
