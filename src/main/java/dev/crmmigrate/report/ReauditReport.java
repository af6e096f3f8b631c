package dev.crmmigrate.report;

import dev.crmmigrate.audit.Drift;
import dev.crmmigrate.job.AuditOutcome;
import dev.crmmigrate.job.ReauditJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The re-audit's report: the drift since the previous audit run, then the audit itself. */
public final class ReauditReport {
    private ReauditReport() {}

    /** Writes report.md, report.html and summary.json of a re-audit to {@code reportsDir/<run id>/}. */
    public static Path write(Path reportsDir, ReauditJob.Outcome result, boolean showPii) {
        AuditOutcome o = result.audit();
        Drift.Report drift = result.drift();
        Page page = new Page("crm-migrate re-audit " + o.runId());
        Map<String, Object> summary = new LinkedHashMap<>(o.summary());
        if (drift == null) {
            page.text("First audit run: nothing to compare with yet.");
        } else {
            List<String[]> rows = drift.changes().stream()
                    .map(c -> new String[] {
                        c.label(),
                        Markdown.fmt(c.previous()),
                        Markdown.fmt(c.current()),
                        Markdown.fmt(c.delta()),
                        Markdown.fmt(c.pct()) + "%"
                    })
                    .toList();
            page.heading("Drift since " + drift.previousRun())
                    .text(
                            drift.changes().isEmpty()
                                    ? "No metric changed."
                                    : drift.changes().size() + " metric(s) changed.")
                    .table(new String[] {"Metric", "Previous", "Current", "Change", "Change %"}, rows)
                    .text("Outreach emails newly found in the CRM: " + drift.newOverlaps());
            if (!drift.newOverlapSample().isEmpty()) {
                page.table(
                        new String[] {"New overlap (sample)"},
                        drift.newOverlapSample().stream()
                                .map(a -> new String[] {a})
                                .toList());
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("previous_run", drift.previousRun());
            d.put("changed_metrics", drift.changes().size());
            d.put("new_overlaps", drift.newOverlaps());
            d.put("thresholds_crossed", drift.thresholdsCrossed());
            summary.put("drift", d);
        }
        AuditReport.render(o, page, showPii);
        return ReportWriter.write(reportsDir, o.runId(), summary, page.markdown(), page.html());
    }
}
