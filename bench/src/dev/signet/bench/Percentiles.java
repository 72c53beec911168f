package dev.signet.bench;

import java.util.Collection;

/** p50 and p95 of a set of durations, in milliseconds (nearest-rank). */
record Percentiles(int count, double p50, double p95, double max) {

    static Percentiles ofMillis(Collection<Double> millis) {
        double[] sorted =
                millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("p50 %s ms, p95 %s ms, max %s ms (n=%d)", fmt(p50), fmt(p95), fmt(max), count);
    }

    static String fmt(double ms) {
        return ms >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
    }
}
