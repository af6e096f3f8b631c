package dev.crmmigrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.demo.DemoGenerator;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.SeedLegacyJob;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.report.Figures;
import dev.crmmigrate.report.Markdown;
import dev.crmmigrate.report.ReportWriter;
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

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"The whole field report on the embedded default: generate (scale 1 unless data is given) -> seed-legacy -> schema",
        "-> import qozb -> import family-office -> import contacts -> verify -> report. A second run changes nothing."})
final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--data", paramLabel = "DIR", description = "A generated data set to use (default <work_dir>/demo, generated when missing).")
  Path data;

  @Option(names = "--scale", defaultValue = "1", description = "Scale of the demo data set when it is generated (default ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the demo data set when it is generated (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    CrmConfig config = common.load();
    Path demo = data != null ? data : config.workDir().resolve("demo");
    String runId = "run_" + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Map<String, Object> summary = new LinkedHashMap<>();
    List<Check> checks = new ArrayList<>();
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
      ImportOutcome q = SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, demo.resolve("crm/qozb_properties.csv"), null);
      ImportOutcome f = SourceImportJob.run(ctx, SourceImportJob.Kind.FAMILY_OFFICE, demo.resolve("crm/family_office_contacts.csv"), null);
      ImportOutcome c = ContactsImportJob.run(ctx, null);
      ImportCommand.exportMapping(ctx, c);
      return new ImportOutcome[] {q, f, c};
    });
    ImportOutcome q = out[0];
    ImportOutcome f = out[1];
    ImportOutcome c = out[2];
    summary.put("contacts_import_phases", Figures.contactsPhases(c));
    summary.put("before_migration", Figures.tableCounts(c.before()));
    summary.put("after_migration", Figures.tableCounts(c.after()));
    summary.put("source_imports", Figures.sourceImports(q, f));
    for (ImportOutcome o : out) {
      checks.addAll(o.checks().stream().map(k -> new Check(o.job() + ": " + k.name(), k.passed(), k.detail())).toList());
    }
    Markdown md = new Markdown().title("Contacts → CRM migration report")
        .text("Run " + runId + ". Every figure below is computed from the data by the jobs.")
        .heading("Import order")
        .table(new String[] {"Import", "Records", "People", "Organizations", "Run"}, List.of(
            new String[] {"QOZB", Markdown.fmt(q.read()), Markdown.fmt(q.phases().get("people")), Markdown.fmt(q.phases().get("organizations")), q.runId()},
            new String[] {"Family Office", Markdown.fmt(f.read()), Markdown.fmt(f.phases().get("people")), Markdown.fmt(f.phases().get("organizations")), f.runId()},
            new String[] {"Contacts", Markdown.fmt(c.read()), Markdown.fmt(c.actual().getOrDefault("people_inserted", 0L)) + " new, "
                + Markdown.fmt(c.actual().getOrDefault("people_enriched", 0L)) + " enriched",
                Markdown.fmt(c.actual().getOrDefault("organizations_inserted", 0L)) + " new", c.runId()}))
        .heading("Contacts migration phases").figures(Figures.contactsPhases(c))
        .heading("Before and after").beforeAfter(c.before(), c.after())
        .heading("Planned vs actual (contacts)").plannedActual(c);
    List<Check> expected = compareWithExpected(demo, summary);
    if (!expected.isEmpty()) {
      md.heading("Demo data set: computed vs expected.json")
          .text("expected.json holds the figures the generator planted; the jobs computed theirs from the data.")
          .checks(expected);
    }
    md.heading("Checks").checks(checks);
    Path dir = ReportWriter.write(config.reportsDir(), runId, summary, md.toString(), null);
    Printer.outcome(c);
    System.out.println();
    System.out.println("Before and after:");
    c.before().forEach((k, v) -> System.out.printf("  %-22s %10s -> %10s%n", k, Markdown.fmt(v), Markdown.fmt(c.after().get(k))));
    long failed = checks.stream().filter(k -> !k.passed()).count();
    System.out.printf("%nchecks: %d passed, %d failed%n", checks.size() - failed, failed);
    System.out.println("report: " + dir.resolve("report.md").toAbsolutePath());
    System.out.println("summary: " + dir.resolve("summary.json").toAbsolutePath());
    return failed == 0 ? 0 : 1;
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
          if (e.isNumber() && v instanceof Number n) {
            out.add(new Check(section + "." + k, e.asDouble() == n.doubleValue(), "expected " + e + ", computed " + v));
          }
        });
      }
    });
    return out;
  }
}
