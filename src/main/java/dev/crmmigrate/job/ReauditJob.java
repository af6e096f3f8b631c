package dev.crmmigrate.job;

import dev.crmmigrate.audit.Drift;
import dev.crmmigrate.audit.MetricHistory;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The scheduled re-audit: the three audits again, then their drift against the previous audit run (metric history and
 * the row-level overlaps of both runs). Computes and returns; the command decides the exit code.
 */
public final class ReauditJob {
    /**
     * @param audit this run's audits
     * @param drift against the previous audit run, or {@code null} when this is the first one
     */
    public record Outcome(AuditOutcome audit, Drift.Report drift) {}

    private ReauditJob() {}

    /**
     * @param maxChangePct   a total metric changing by more than this many percent is an alert
     * @param maxNewOverlaps more outreach emails newly found in the CRM than this is an alert
     */
    public static Outcome run(
            JobContext ctx, Path listsDir, double maxChangePct, long maxNewOverlaps, boolean showPii) {
        AuditOutcome o = AuditJob.run(ctx, listsDir, AuditJob.ALL);
        Path auditDir = ctx.config().auditDir();
        Dataset<Row> history = new MetricHistory(ctx.spark(), auditDir.resolve("metrics")).read();
        String previous = Drift.previousRun(history, o.runId());
        if (previous == null) {
            return new Outcome(o, null);
        }
        Dataset<Row> current = o.get("email_list_overlap").rows().get("email_overlap_rows");
        String prevPath = auditDir.resolve("runs")
                .resolve(previous)
                .resolve("email_overlap_rows")
                .toAbsolutePath()
                .toString();
        Dataset<Row> prevRows = DeltaTable.isDeltaTable(ctx.spark(), prevPath)
                ? ctx.spark().read().format("delta").load(prevPath)
                : null;
        return new Outcome(
                o,
                Drift.compare(history, previous, o.runId(), prevRows, current, maxChangePct, maxNewOverlaps, showPii));
    }
}
