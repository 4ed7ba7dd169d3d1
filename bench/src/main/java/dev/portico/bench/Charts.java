package dev.portico.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The report's charts (XChart PNGs written beside it): CPU per message and one-way p50 latency by route. */
final class Charts {
    private Charts() {
    }

    /** Writes the charts into {@code dir}; returns their file names. */
    static List<String> write(Report.Run run, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();
        int pairs = run.mainPairs();
        int rate = run.options.mainRate();
        List<String> names = run.routes.stream().map(Route::name).toList();
        if (names.isEmpty()) {
            return files;
        }
        CategoryChart cpu = new CategoryChartBuilder().width(900).height(500)
            .title("CPU per delivered message, " + rate + " msg/s over " + pairs + " pairs (warm median)")
            .xAxisTitle("route").yAxisTitle("µs per message").build();
        cpu.getStyler().setStacked(true);
        cpu.addSeries("Prosody", names, run.routes.stream()
            .map(r -> zero(Report.median(run.warm(r, pairs, rate), RateWindow::prosodyCpuMicros))).toList());
        cpu.addSeries("Portico", names, run.routes.stream()
            .map(r -> r.viaPortico() ? zero(Report.median(run.warm(r, pairs, rate), RateWindow::porticoCpuMicros)) : 0.0)
            .toList());
        BitmapEncoder.saveBitmap(cpu, dir.resolve("cpu-per-message").toString(), BitmapEncoder.BitmapFormat.PNG);
        files.add("cpu-per-message.png");

        CategoryChart latency = new CategoryChartBuilder().width(900).height(500)
            .title("One-way latency p50 over " + pairs + " pairs (warm median)")
            .xAxisTitle("total rate, msg/s").yAxisTitle("ms").build();
        List<String> rates = run.options.rates().stream().map(String::valueOf).toList();
        for (Route r : run.routes) {
            latency.addSeries(r.name(), rates, run.options.rates().stream()
                .map(x -> zero(Report.median(run.warm(r, pairs, x), w -> w.latencyMillis(50)))).toList());
        }
        BitmapEncoder.saveBitmap(latency, dir.resolve("latency-p50").toString(), BitmapEncoder.BitmapFormat.PNG);
        files.add("latency-p50.png");
        return files;
    }

    private static Double zero(double d) {
        return Double.isNaN(d) ? 0.0 : d;
    }
}
