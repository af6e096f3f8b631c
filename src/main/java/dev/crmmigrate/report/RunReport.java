package dev.crmmigrate.report;

import dev.crmmigrate.followup.Findings;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.job.Figures;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.OrgCandidatesJob;
import dev.crmmigrate.job.RunOutcome;
import dev.crmmigrate.stage.Figure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report of {@code crm-migrate run}: its outcome as report.md, report.html and summary.json. */
public final class RunReport {
    private RunReport() {}

    /** Writes the three files under {@code <reports>/<run-id>/} (and latest/); returns that folder. */
    public static Path write(Path reportsDir, RunOutcome o, boolean showPii) {
        ImportOutcome q = o.qozb();
        ImportOutcome f = o.familyOffice();
        ImportOutcome c = o.contacts();
        Page page = new Page("Contacts → CRM migration report (" + o.runId() + ")")
                .text("Every figure below is computed from the data by the jobs. Audits ran before the contacts "
                        + "import.")
                .heading("Pre-migration analysis");
        AuditReport.render(o.audit(), page, showPii);
        page.heading("Import order")
                .table(
                        new String[] {"Import", "Records", "People", "Organizations", "Run"},
                        List.of(
                                new String[] {
                                    "QOZB",
                                    Markdown.fmt(q.read()),
                                    Markdown.fmt(q.phases().get(Figure.SOURCE_PEOPLE)),
                                    Markdown.fmt(q.phases().get(Figure.SOURCE_ORGANIZATIONS)),
                                    q.runId()
                                },
                                new String[] {
                                    "Family Office",
                                    Markdown.fmt(f.read()),
                                    Markdown.fmt(f.phases().get(Figure.SOURCE_PEOPLE)),
                                    Markdown.fmt(f.phases().get(Figure.SOURCE_ORGANIZATIONS)),
                                    f.runId()
                                },
                                new String[] {
                                    "Contacts",
                                    Markdown.fmt(c.read()),
                                    Markdown.fmt(c.actual().getOrDefault(Figure.PEOPLE_INSERTED, 0L)) + " new, "
                                            + Markdown.fmt(c.actual().getOrDefault(Figure.PEOPLE_ENRICHED, 0L))
                                            + " enriched",
                                    Markdown.fmt(c.actual().getOrDefault(Figure.ORGANIZATIONS_INSERTED, 0L)) + " new",
                                    c.runId()
                                }))
                .heading("Contacts migration phases")
                .figures(Figures.contactsPhases(c));
        ImportReport.beforeAfter(page, c);
        List<String> entities = List.copyOf(c.before().keySet());
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put(
                "before", entities.stream().map(k -> (double) c.before().get(k)).toList());
        series.put(
                "after", entities.stream().map(k -> (double) c.after().get(k)).toList());
        page.groupedBars("before-after", "CRM rows before and after the contacts import", entities, series, "");
        ImportReport.plannedActual(page, c);
        ImportReport.decisions(page, c);
        if (o.rowsChanged() == 0) {
            page.heading("Nothing changed")
                    .text("The CRM already held every row this run would write: each import planned, and changed, "
                            + "nothing. The demo data set's expected.json describes the run that first imported it.");
        } else if (!o.expected().isEmpty()) {
            page.heading("Demo data set: computed vs expected.json")
                    .text("expected.json holds the figures the generator planted; the jobs computed theirs from "
                            + "the data.")
                    .checks(o.expected());
        }
        for (FollowupResult r : o.followups()) {
            page.heading("Follow-up: " + r.name() + (r.done() ? "" : " (refused)"))
                    .figures(r.figures());
            findings(page, r.findings());
        }
        OrgCandidatesJob.Outcome orgs = o.organizations();
        page.heading("Organization near-duplicates (for review, nothing merged)")
                .figures(Figures.organizations(orgs))
                .fileLink(
                        "Proposed pairs, the best " + orgs.top().size() + " (a reviewer marks decision = merge or keep "
                                + "in the review file for 'orgs merge --plan'): ",
                        orgs.reviewCsv().getFileName().toString())
                .table(
                        new String[] {"Organization a", "Organization b", "Score", "Shared domains", "Shared phones"},
                        orgs.top())
                .heading("Checks")
                .checks(o.checks());
        return ReportWriter.write(reportsDir, o.runId(), o.summary(), page.markdown(), page.html());
    }

    /** Findings as a count per kind, the first examples, and a link to the file that holds every one. */
    static void findings(Page page, Findings.Summary found) {
        if (found.total() == 0) {
            return;
        }
        page.table(
                new String[] {"Finding", "Count"},
                found.counts().entrySet().stream()
                        .map(e -> new String[] {e.getKey(), Markdown.fmt(e.getValue())})
                        .toList());
        String first = "The first " + found.examples().size() + " of " + Markdown.fmt(found.total()) + " findings";
        if (found.csv() == null) {
            page.text(first + ":");
        } else {
            page.fileLink(first + "; all of them in ", found.csv().getFileName().toString());
        }
        page.table(
                new String[] {"Finding"},
                found.examples().stream().map(x -> new String[] {x}).toList());
    }
}
