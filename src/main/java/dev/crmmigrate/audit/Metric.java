package dev.crmmigrate.audit;

import java.util.Map;

/**
 * One computed figure of an audit; {@code dimensions} say what it is about (a list, a category …), empty for totals.
 */
public record Metric(String audit, String name, Map<String, String> dimensions, double value) {
    public static Metric total(String audit, String name, double value) {
        return new Metric(audit, name, Map.of(), value);
    }

    public static Metric of(String audit, String name, Map<String, String> dimensions, double value) {
        return new Metric(audit, name, Map.copyOf(dimensions), value);
    }

    /** A percentage rounded to one decimal, as the reports print it. */
    public static double pct(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 10.0;
    }
}
