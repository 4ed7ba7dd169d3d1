package dev.portico.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusChartTest {
    @Test
    void pointsSpanTheWidthAndScaleTheLargestValueToTheTop() {
        List<StatusView.Sample> samples = List.of(new StatusView.Sample(0, 0, 0), new StatusView.Sample(1, 5, 0),
            new StatusView.Sample(2, 10, 0));
        assertThat(StatusChart.points(samples, StatusView.Sample::sessions))
            .isEqualTo("0.0,120.0 300.0,62.0 600.0,4.0");
    }

    @Test
    void noSamplesDrawNothingAndAllZerosDrawAFlatLine() {
        assertThat(StatusChart.points(List.of(), StatusView.Sample::sessions)).isEmpty();
        assertThat(StatusChart.points(List.of(new StatusView.Sample(0, 0, 0), new StatusView.Sample(1, 0, 0)),
            StatusView.Sample::stanzasPerSecond)).isEqualTo("0.0,120.0 600.0,120.0");
    }
}
