package dev.crmmigrate.report;

import dev.crmmigrate.job.ImportOutcome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The report of one import: phases, planned vs actual, before and after, decisions, checks. */
public final class ImportReport {
    private ImportReport() {}

    /** Writes report.md, report.html and summary.json under {@code <reports>/<run-id>/}; returns that folder. */
    public static Path write(Path reportsDir, ImportOutcome o) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(o.job(), o.phases());
        summary.put("planned", o.planned());
        summary.put("actual", o.actual());
        summary.put("before_migration", o.before());
        summary.put("after_migration", o.after());
        Page page = new Page(o.job() + " — run " + o.runId()).heading("Phases").figures(o.phases());
        plannedActual(page, o);
        beforeAfter(page, o);
        decisions(page, o);
        page.heading("Checks").checks(o.checks());
        return ReportWriter.write(reportsDir, o.runId(), summary, page.markdown(), page.html());
    }

    static void plannedActual(Page page, ImportOutcome o) {
        page.heading("Planned vs actual")
                .table(
                        new String[] {"Figure", "Planned", "Actual"},
                        o.planned().keySet().stream()
                                .map(k -> new String[] {
                                    k,
                                    Markdown.fmt(o.planned().get(k)),
                                    Markdown.fmt(o.actual().get(k))
                                })
                                .toList());
    }

    /** How often each rule fired, with masked examples and the command that explains one (contacts import). */
    static void decisions(Page page, ImportOutcome o) {
        if (o.decisions().isEmpty()) {
            return;
        }
        page.heading("Decisions")
                .text("How often each rule fired in this run; `crm-migrate explain` shows the whole trail of one.")
                .table(
                        new String[] {"Rule", "Count", "Examples (masked)", "Explain one"},
                        o.decisions().stream()
                                .map(d -> new String[] {
                                    d.rule(),
                                    Markdown.fmt(d.count()),
                                    d.examples().isEmpty() ? "—" : String.join(", ", d.examples()),
                                    d.explain() == null ? "—" : "`" + d.explain() + "`"
                                })
                                .toList());
    }

    static void beforeAfter(Page page, ImportOutcome o) {
        page.heading("Before and after")
                .table(
                        new String[] {"Entity", "Before", "After", "Change"},
                        o.before().keySet().stream()
                                .map(k -> new String[] {
                                    k,
                                    Markdown.fmt(o.before().get(k)),
                                    Markdown.fmt(o.after().get(k)),
                                    Markdown.fmt(o.after().get(k) - o.before().get(k))
                                })
                                .toList());
    }
}
