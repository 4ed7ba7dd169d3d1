package dev.portico.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured window of fixed-rate traffic over one route.
 *
 * @param round     0 for the cold window (right after login, no warm-up), 1… for the warm rounds
 * @param delivered messages received during the window
 * @param usage     CPU and allocation spent during the window
 * @param latency   one-way latency of the messages due during the window, microseconds
 * @param lost      messages sent in this run that never arrived (after draining)
 * @param extra     messages received more often than sent (duplicates)
 * @param broken    sessions of the route broken so far
 */
record RateWindow(int pairs, int rate, int round, long delivered, double seconds, Meters.Usage usage,
                  Histogram latency, long lost, long extra, int broken) {

    /** Portico's CPU per delivered message, µs; NaN without Portico. */
    double porticoCpuMicros() {
        return perMessage(usage.porticoCpu()) / 1e3;
    }

    /** Prosody's CPU per delivered message, µs. */
    double prosodyCpuMicros() {
        return perMessage(usage.prosodyCpu()) / 1e3;
    }

    /** The load generator's CPU per delivered message, µs. */
    double loadgenCpuMicros() {
        return perMessage(usage.loadgenCpu()) / 1e3;
    }

    /** Bytes Portico allocated per delivered message; NaN without Portico. */
    double porticoAllocBytes() {
        return perMessage(usage.porticoAllocated());
    }

    /** Latency percentile in ms. */
    double latencyMillis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e3;
    }

    private double perMessage(long total) {
        return total < 0 || delivered == 0 ? Double.NaN : (double) total / delivered;
    }
}
