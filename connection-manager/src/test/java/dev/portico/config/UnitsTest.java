package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @Test
    void durationsAcceptMillisecondsSecondsMinutesAndHours() {
        assertThat(Units.duration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration("k", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Units.duration("k", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Units.duration("k", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Units.duration("k", "0s")).isZero();
    }

    @Test
    void aBareIntegerDurationMeansSeconds() {
        assertThat(Units.duration("k", 45)).isEqualTo(Duration.ofSeconds(45));
        assertThat(Units.duration("k", "45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Units.duration("k", 45L)).isEqualTo(Duration.ofSeconds(45));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5s", "-5s", "30 sec", "30S", "s", "", "thirty", "1d"})
    void malformedDurationsNameTheKeyAndTheValue(String written) {
        ConfigException e = Failures.thrownBy(() -> Units.duration("upstream.connect-timeout", written));
        assertThat(e.key()).isEqualTo("upstream.connect-timeout");
        assertThat(e.problem()).isEqualTo("expected a duration like 30s, 500ms, 2m or 1h (got '" + written + "')");
    }

    @Test
    void nonIntegerYamlValuesAreNotDurations() {
        assertThat(Failures.thrownBy(() -> Units.duration("k", 1.5)).problem()).contains("(got 1.5)");
        assertThat(Failures.thrownBy(() -> Units.duration("k", -5)).problem()).contains("(got -5)");
        assertThat(Failures.thrownBy(() -> Units.duration("k", true)).problem()).contains("(got true)");
    }

    @Test
    void absurdlyLongDurationsAreRejectedInsteadOfOverflowing() {
        assertThat(Failures.thrownBy(() -> Units.duration("k", "99999999999999999999h")).problem())
                .startsWith("must be at most 365 days");
        assertThat(Failures.thrownBy(() -> Units.duration("k", new BigInteger("99999999999999999999"))).problem())
                .startsWith("must be at most 365 days");
    }

    @Test
    void sizesAcceptBytesAndBinaryUnits() {
        assertThat(Units.size("k", 262144)).isEqualTo(262144);
        assertThat(Units.size("k", "262144")).isEqualTo(262144);
        assertThat(Units.size("k", "100B")).isEqualTo(100);
        assertThat(Units.size("k", "256KiB")).isEqualTo(262144);
        assertThat(Units.size("k", "1MiB")).isEqualTo(1 << 20);
        assertThat(Units.size("k", "1 MiB")).isEqualTo(1 << 20);
        assertThat(Units.size("k", "1GiB")).isEqualTo(1 << 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256KB", "256k", "1mib", "1.5MiB", "-1", "big", ""})
    void malformedSizesNameTheKeyAndTheValue(String written) {
        ConfigException e = Failures.thrownBy(() -> Units.size("limits.max-stanza-size", written));
        assertThat(e.key()).isEqualTo("limits.max-stanza-size");
        assertThat(e.problem()).isEqualTo("expected a size in bytes like 262144, 256KiB or 1MiB (got '" + written + "')");
    }

    @Test
    void sizesMustFitAnInt() {
        ConfigException e = Failures.thrownBy(() -> Units.size("websocket.max-frame-size", "2GiB"));
        assertThat(e.problem()).isEqualTo("must be at most 2147483647 bytes (got '2GiB')");
        assertThat(Failures.thrownBy(() -> Units.size("k", 3_000_000_000L)).problem()).contains("3000000000");
    }

    @Test
    void formatPicksTheLargestExactUnit() {
        assertThat(Units.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Units.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Units.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Units.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Units.format(Duration.ZERO)).isEqualTo("0s");
    }
}
