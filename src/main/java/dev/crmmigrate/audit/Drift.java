package dev.crmmigrate.audit;

import static org.apache.spark.sql.functions.col;

import dev.crmmigrate.Secrets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Drift between two audit runs: every metric that changed (from the Delta history) and the outreach emails newly
 * found in the CRM (from the two runs' row-level overlap tables). Computes and returns; the caller decides.
 */
public final class Drift {
    private Drift() {}

    /** One metric that changed. */
    public record Change(String audit, String metric, Map<String, String> dimensions, double previous, double current) {
        public double delta() {
            return current - previous;
        }

        /** Change in percent of the previous value (100 when it appeared from zero). */
        public double pct() {
            return previous == 0 ? (current == 0 ? 0 : 100) : 100.0 * Math.abs(current - previous) / Math.abs(previous);
        }

        public String label() {
            return audit + "." + metric + (dimensions.isEmpty() ? "" : dimensions.toString());
        }
    }

    /** The drift report of a re-audit. */
    public record Report(
            String previousRun,
            String currentRun,
            List<Change> changes,
            long newOverlaps,
            List<String> newOverlapSample,
            List<String> thresholdsCrossed) {
        public boolean alert() {
            return !thresholdsCrossed.isEmpty();
        }
    }

    /** The run before {@code runId} in the history, or null when there is none. */
    public static String previousRun(Dataset<Row> history, String runId) {
        List<Row> r = history.where(col("run_id").lt(runId))
                .select("run_id")
                .distinct()
                .orderBy(col("run_id").desc())
                .limit(1)
                .collectAsList();
        return r.isEmpty() ? null : r.get(0).getString(0);
    }

    /**
     * @param previousOverlaps the previous run's email_overlap_rows (null when it did not run the email audit)
     */
    public static Report compare(
            Dataset<Row> history,
            String previousRun,
            String currentRun,
            Dataset<Row> previousOverlaps,
            Dataset<Row> currentOverlaps,
            double maxChangePct,
            long maxNewOverlaps,
            boolean showPii) {
        Map<String, Row> before = new HashMap<>();
        // Metrics of two runs: a few hundred rows, fine on the driver.
        for (Row r : history.where(col("run_id").equalTo(previousRun)).collectAsList()) {
            before.put(key(r), r);
        }
        List<Change> changes = new ArrayList<>();
        List<String> crossed = new ArrayList<>();
        for (Row r : history.where(col("run_id").equalTo(currentRun))
                .orderBy("audit", "metric")
                .collectAsList()) {
            Row b = before.get(key(r));
            double prev = b == null ? 0 : b.getDouble(b.fieldIndex("value"));
            double cur = r.getDouble(r.fieldIndex("value"));
            if (prev != cur) {
                Map<String, String> dims =
                        CollectionConverters.asJava(r.<String, String>getMap(r.fieldIndex("dimensions")));
                Change c = new Change(
                        r.getString(r.fieldIndex("audit")),
                        r.getString(r.fieldIndex("metric")),
                        Map.copyOf(dims),
                        prev,
                        cur);
                changes.add(c);
                if (dims.isEmpty() && !c.metric().endsWith("_pct") && c.pct() > maxChangePct) {
                    crossed.add(String.format(
                            Locale.ROOT,
                            "%s changed by %.2f%% (%s -> %s), above max_change_pct %.2f%%",
                            c.label(),
                            c.pct(),
                            fmt(prev),
                            fmt(cur),
                            maxChangePct));
                }
            }
        }
        long fresh = 0;
        List<String> sample = List.of();
        if (currentOverlaps != null) {
            Dataset<Row> added = previousOverlaps == null
                    ? currentOverlaps.select("address")
                    : currentOverlaps
                            .select("address")
                            .join(
                                    previousOverlaps.select("address"),
                                    currentOverlaps.col("address").equalTo(previousOverlaps.col("address")),
                                    "left_anti");
            fresh = added.count();
            sample = added.orderBy("address").limit(10).collectAsList().stream()
                    .map(r -> showPii ? r.getString(0) : Secrets.maskEmail(r.getString(0)))
                    .toList();
            if (fresh > maxNewOverlaps) {
                crossed.add(fresh + " outreach emails newly found in the CRM since " + previousRun
                        + ", above max_new_overlaps " + maxNewOverlaps);
            }
        }
        return new Report(previousRun, currentRun, changes, fresh, sample, crossed);
    }

    private static String key(Row r) {
        Map<String, String> dims = CollectionConverters.asJava(r.<String, String>getMap(r.fieldIndex("dimensions")));
        return r.getString(r.fieldIndex("audit")) + "|" + r.getString(r.fieldIndex("metric")) + "|"
                + new TreeMap<>(dims);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
