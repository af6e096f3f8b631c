package dev.crmmigrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.demo.DemoGenerator;
import dev.crmmigrate.followup.Findings;
import dev.crmmigrate.followup.FollowupJob;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.job.AuditJob;
import dev.crmmigrate.job.AuditOutcome;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.OrgCandidatesJob;
import dev.crmmigrate.job.SeedLegacyJob;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.report.AuditReport;
import dev.crmmigrate.report.Figures;
import dev.crmmigrate.report.Html;
import dev.crmmigrate.report.Markdown;
import dev.crmmigrate.report.ReportWriter;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.verify.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "The whole field report on the embedded default: generate (scale 1 unless data is given) -> seed-legacy "
                    + "-> schema",
            "-> import qozb -> import family-office -> audits -> import contacts -> verify -> follow-ups -> "
                    + "organization review -> report. A second run changes nothing."
        })
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "A generated data set to use (default <work_dir>/demo, generated when missing).")
    Path data;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description = "Scale of the demo data set when it is generated (default ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--show-pii", description = "Show email addresses in reports in full (default: masked).")
    boolean showPii;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the demo data set when it is generated (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        CrmConfig config = common.load();
        Path demo = data != null ? data : config.workDir().resolve("demo");
        String runId = "run_"
                + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        Map<String, Object> summary = new LinkedHashMap<>();
        List<Check> checks = new ArrayList<>();
        AuditOutcome[] audit = new AuditOutcome[1];
        List<FollowupResult> followups = new ArrayList<>();
        OrgCandidatesJob.Outcome[] orgs = new OrgCandidatesJob.Outcome[1];
        ImportOutcome[] out = Jobs.with(config, ctx -> {
            if (!Files.exists(demo.resolve("expected.json"))) {
                System.err.printf("[run] generating the demo data set (scale %s, seed %d) in %s%n", scale, seed, demo);
                new DemoGenerator(ctx.spark()).generate(scale, seed, demo);
            }
            if (!SeedLegacyJob.hasContacts(ctx.source())) {
                System.err.println("[run] seeding the legacy tables from " + demo.resolve("legacy"));
                SeedLegacyJob.run(ctx.source(), demo);
            }
            SchemaMigrator.migrate(ctx.target(), SchemaMigrator.Location.CRM);
            ImportOutcome q =
                    SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, demo.resolve("crm/qozb_properties.csv"), null);
            ImportOutcome f = SourceImportJob.run(
                    ctx, SourceImportJob.Kind.FAMILY_OFFICE, demo.resolve("crm/family_office_contacts.csv"), null);
            audit[0] = AuditJob.run(ctx, AuditCommand.listsDir(config, demo.resolve("lists")), AuditJob.ALL);
            ImportOutcome c = ContactsImportJob.run(ctx, null);
            ImportCommand.exportMapping(ctx, c);
            System.err.println("[run] follow-ups: " + String.join(", ", FollowupJob.STEPS));
            followups.addAll(FollowupJob.all(ctx.target(), config.reportsDir().resolve(runId)));
            System.err.println("[run] organization near-duplicate candidates");
            orgs[0] = OrgCandidatesJob.run(
                    ctx,
                    0.7,
                    demo.resolve("org_near_duplicates_truth.csv"),
                    config.reportsDir().resolve(runId).resolve("org_candidates.csv"));
            return new ImportOutcome[] {q, f, c};
        });
        ImportOutcome q = out[0];
        ImportOutcome f = out[1];
        ImportOutcome c = out[2];
        summary.putAll(audit[0].sections());
        summary.put("contacts_import_phases", Figures.contactsPhases(c));
        summary.put("before_migration", Figures.tableCounts(c.before()));
        summary.put("after_migration", Figures.tableCounts(c.after()));
        summary.put("source_imports", Figures.sourceImports(q, f));
        for (ImportOutcome o : out) {
            checks.addAll(o.checks().stream()
                    .map(k -> new Check(o.job() + ": " + k.name(), k.passed(), k.detail()))
                    .toList());
        }
        Markdown md = new Markdown()
                .title("Contacts → CRM migration report")
                .text("Run " + runId + ". Every figure below is computed from the data by the jobs.");
        Html html = new Html("Contacts → CRM migration report (" + runId + ")");
        html.text("Every figure on this page is computed from the data by the jobs. Audits ran before the contacts "
                + "import.");
        md.heading("Pre-migration analysis");
        AuditReport.render(audit[0], md, html, showPii);
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
        List<Check> expected = compareWithExpected(demo, summary);
        if (!expected.isEmpty()) {
            md.heading("Demo data set: computed vs expected.json")
                    .text("expected.json holds the figures the generator planted; the jobs computed theirs from "
                            + "the data.")
                    .checks(expected);
        }
        Map<String, Object> follow = new LinkedHashMap<>();
        for (FollowupResult r : followups) {
            follow.put(r.name(), r.figures());
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
        Map<String, Object> orgFigures = new LinkedHashMap<>();
        orgFigures.put("candidate_pairs", orgs[0].candidates());
        orgFigures.put("proposed", orgs[0].proposed());
        if (orgs[0].precision() != null) {
            orgFigures.put("precision", Math.round(orgs[0].precision() * 1000) / 1000.0);
            orgFigures.put("recall", Math.round(orgs[0].recall() * 1000) / 1000.0);
        }
        follow.put("organization_near_duplicates", orgFigures);
        summary.put("followups", follow);
        md.heading("Organization near-duplicates (for review, nothing merged)")
                .figures(orgFigures)
                .text("Review file: " + orgs[0].reviewCsv().getFileName());
        html.heading("Organization near-duplicates (for review, nothing merged)")
                .table(
                        new String[] {"Figure", "Value"},
                        orgFigures.entrySet().stream()
                                .map(e -> new String[] {e.getKey(), Markdown.fmt(e.getValue())})
                                .toList())
                .text("Proposed pairs (the best " + orgs[0].top().size() + "; all of them in "
                        + orgs[0].reviewCsv().getFileName()
                        + ", where a reviewer marks decision = merge or keep for 'orgs merge --plan'):")
                .table(
                        new String[] {"Organization a", "Organization b", "Score", "Shared domains", "Shared phones"},
                        orgs[0].top());
        md.heading("Checks").checks(checks);
        renderMigration(html, c, expected, checks);
        Path dir = ReportWriter.write(config.reportsDir(), runId, summary, md.toString(), html.toString());
        Printer.outcome(c);
        System.out.println();
        System.out.println("Before and after:");
        c.before()
                .forEach((k, v) -> System.out.printf(
                        "  %-22s %10s -> %10s%n",
                        k, Markdown.fmt(v), Markdown.fmt(c.after().get(k))));
        long failed = checks.stream().filter(k -> !k.passed()).count();
        System.out.printf("%nchecks: %d passed, %d failed%n", checks.size() - failed, failed);
        System.out.println("report: " + dir.resolve("report.md").toAbsolutePath());
        System.out.println("summary: " + dir.resolve("summary.json").toAbsolutePath());
        System.out.println("page:    " + dir.resolve("report.html").toAbsolutePath());
        return failed == 0 ? 0 : 1;
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

    /** On the demo data set: every computed figure that expected.json also holds, compared. */
    static List<Check> compareWithExpected(Path demo, Map<String, Object> summary) throws IOException {
        Path file = demo.resolve("expected.json");
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode expected = new ObjectMapper().readTree(file.toFile());
        List<Check> out = new ArrayList<>();
        summary.forEach((section, figures) -> {
            if (figures instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    JsonNode e = expected.path(section).path(String.valueOf(k));
                    if (v instanceof Number n) {
                        double x = n.doubleValue();
                        if (e.isNumber()) {
                            out.add(new Check(
                                    section + "." + k, e.asDouble() == x, "expected " + e + ", computed " + v));
                        } else if (e.has("tolerance")) {
                            out.add(new Check(
                                    section + "." + k,
                                    Math.abs(e.get("value").asDouble() - x)
                                            <= e.get("tolerance").asDouble(),
                                    "expected " + e.get("value") + " ± " + e.get("tolerance") + ", computed " + v));
                        } else if (e.has("max")) {
                            out.add(new Check(
                                    section + "." + k,
                                    x <= e.get("max").asDouble(),
                                    "expected at most " + e.get("max") + ", computed " + v));
                        }
                    }
                });
            }
        });
        return out;
    }
}
