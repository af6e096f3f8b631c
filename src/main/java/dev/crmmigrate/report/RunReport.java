package dev.crmmigrate.report;

import dev.crmmigrate.followup.Findings;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.RunOutcome;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.verify.Check;
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
        Markdown md = new Markdown()
                .title("Contacts → CRM migration report")
                .text("Run " + o.runId() + ". Every figure below is computed from the data by the jobs.");
        Html html = new Html("Contacts → CRM migration report (" + o.runId() + ")");
        html.text("Every figure on this page is computed from the data by the jobs. Audits ran before the contacts "
                + "import.");
        md.heading("Pre-migration analysis");
        AuditReport.render(o.audit(), md, html, showPii);
        md.heading("Import order")
                .table(
                        new String[] {"Import", "Records", "People", "Organizations", "Run"},
                        List.of(
                                new String[] {
                                    "QOZB",
                                    Markdown.fmt(q.read()),
                                    Markdown.fmt(q.phases().get("people")),
                                    Markdown.fmt(q.phases().get("organizations")),
                                    q.runId()
                                },
                                new String[] {
                                    "Family Office",
                                    Markdown.fmt(f.read()),
                                    Markdown.fmt(f.phases().get("people")),
                                    Markdown.fmt(f.phases().get("organizations")),
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
                .figures(Figures.contactsPhases(c))
                .heading("Before and after")
                .beforeAfter(c.before(), c.after())
                .heading("Planned vs actual (contacts)")
                .plannedActual(c);
        List<Check> expected = o.expected();
        List<Check> checks = o.checks();
        if (!expected.isEmpty()) {
            md.heading("Demo data set: computed vs expected.json")
                    .text("expected.json holds the figures the generator planted; the jobs computed theirs from "
                            + "the data.")
                    .checks(expected);
        }
        for (FollowupResult r : o.followups()) {
            md.heading("Follow-up: " + r.name() + (r.done() ? "" : " (refused)"))
                    .figures(r.figures());
            html.heading("Follow-up: " + r.name() + (r.done() ? "" : " (refused)"))
                    .table(
                            new String[] {"Figure", "Value"},
                            r.figures().entrySet().stream()
                                    .map(e -> new String[] {e.getKey(), Markdown.fmt(e.getValue())})
                                    .toList());
            Findings.Summary found = r.findings();
            if (found.total() > 0) {
                List<String[]> kinds = found.counts().entrySet().stream()
                        .map(e -> new String[] {e.getKey(), Markdown.fmt(e.getValue())})
                        .toList();
                List<String[]> examples =
                        found.examples().stream().map(x -> new String[] {x}).toList();
                String all = found.csv() == null
                        ? ""
                        : "; all " + Markdown.fmt(found.total()) + " in "
                                + found.csv().getFileName();
                String caption = "The first " + found.examples().size() + " findings" + all + ":";
                md.table(new String[] {"Finding", "Count"}, kinds)
                        .text(caption)
                        .table(new String[] {"Finding"}, examples);
                html.table(new String[] {"Finding", "Count"}, kinds);
                if (found.csv() == null) {
                    html.text(caption);
                } else {
                    html.textWithLink(
                            "The first " + found.examples().size() + " findings; all " + Markdown.fmt(found.total())
                                    + " in ",
                            found.csv().getFileName().toString());
                }
                html.table(new String[] {"Finding"}, examples);
            }
        }
        Map<String, Object> orgFigures = Figures.organizations(o.organizations());
        md.heading("Organization near-duplicates (for review, nothing merged)")
                .figures(orgFigures)
                .text("Review file: " + o.organizations().reviewCsv().getFileName());
        html.heading("Organization near-duplicates (for review, nothing merged)")
                .table(
                        new String[] {"Figure", "Value"},
                        orgFigures.entrySet().stream()
                                .map(e -> new String[] {e.getKey(), Markdown.fmt(e.getValue())})
                                .toList())
                .text("Proposed pairs (the best " + o.organizations().top().size() + "; all of them in "
                        + o.organizations().reviewCsv().getFileName()
                        + ", where a reviewer marks decision = merge or keep for 'orgs merge --plan'):")
                .table(
                        new String[] {"Organization a", "Organization b", "Score", "Shared domains", "Shared phones"},
                        o.organizations().top());
        md.heading("Checks").checks(checks);
        renderMigration(html, c, expected, checks);
        return ReportWriter.write(reportsDir, o.runId(), o.summary(), md.toString(), html.toString());
    }

    private static void renderMigration(Html html, ImportOutcome c, List<Check> expected, List<Check> checks) {
        html.heading("Contacts migration phases")
                .table(
                        new String[] {"Figure", "Value"},
                        Figures.contactsPhases(c).entrySet().stream()
                                .map(e -> new String[] {e.getKey(), Markdown.fmt(e.getValue())})
                                .toList());
        html.heading("Post-migration state")
                .table(
                        new String[] {"Entity", "Before", "After"},
                        c.before().keySet().stream()
                                .map(k -> new String[] {
                                    k,
                                    Markdown.fmt(c.before().get(k)),
                                    Markdown.fmt(c.after().get(k))
                                })
                                .toList());
        List<String> entities = List.copyOf(c.before().keySet());
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put(
                "before", entities.stream().map(k -> (double) c.before().get(k)).toList());
        series.put(
                "after", entities.stream().map(k -> (double) c.after().get(k)).toList());
        html.groupedBars("before-after", "CRM rows before and after the contacts import", entities, series, "");
        if (!expected.isEmpty()) {
            html.heading("Demo data set: computed vs expected.json")
                    .table(
                            new String[] {"Figure", "Result", "Detail"},
                            expected.stream()
                                    .map(k -> new String[] {k.name(), k.passed() ? "pass" : "FAIL", k.detail()})
                                    .toList());
        }
        html.heading("Checks")
                .table(
                        new String[] {"Check", "Result", "Detail"},
                        checks.stream()
                                .map(k -> new String[] {k.name(), k.passed() ? "pass" : "FAIL", k.detail()})
                                .toList());
    }
}
