package dev.portico.web;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The status page's chart, server-rendered: polyline points for one series scaled into a fixed box. Output
 * is numbers only, so it goes into the SVG as an attribute value without any markup from data.
 */
final class StatusChart {
    static final int WIDTH = 600;
    static final int HEIGHT = 120;

    private StatusChart() {
    }

    /** "x,y x,y …" for {@code series}, the x axis spanning the samples, the y axis 0..max. */
    static String points(List<StatusView.Sample> samples, ToDoubleFunction<StatusView.Sample> series) {
        if (samples.isEmpty()) {
            return "";
        }
        double max = max(samples, series);
        StringBuilder out = new StringBuilder(samples.size() * 12);
        int n = samples.size();
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? WIDTH : (double) WIDTH * i / (n - 1);
            double y = HEIGHT - (max == 0 ? 0 : series.applyAsDouble(samples.get(i)) / max * (HEIGHT - 4));
            out.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return out.toString().trim();
    }

    /** The largest value of {@code series}, the chart's top. */
    static double max(List<StatusView.Sample> samples, ToDoubleFunction<StatusView.Sample> series) {
        double max = 0;
        for (StatusView.Sample s : samples) {
            max = Math.max(max, series.applyAsDouble(s));
        }
        return max;
    }
}
