package dev.crmmigrate.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one audit computed: its metrics, and its row-level results (which email or company overlaps with which CRM
 * record) for drill-down. Audits compute and return; they never throw on what they find.
 */
public record AuditResult(String audit, List<Metric> metrics, Map<String, Dataset<Row>> rows) {
    /** The metrics without dimensions, in order: one section of summary.json. */
    public Map<String, Object> totals() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Metric x : metrics) {
            if (x.dimensions().isEmpty()) {
                m.put(
                        x.name(),
                        x.value() == Math.rint(x.value()) && !x.name().endsWith("_pct")
                                ? (Object) (long) x.value()
                                : (Object) x.value());
            }
        }
        return m;
    }

    public double value(String name) {
        return metrics.stream()
                .filter(m -> m.name().equals(name) && m.dimensions().isEmpty())
                .findFirst()
                .map(Metric::value)
                .orElse(Double.NaN);
    }
}
