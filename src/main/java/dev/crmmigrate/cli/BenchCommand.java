package dev.crmmigrate.cli;

import dev.crmmigrate.bench.BenchJob;
import dev.crmmigrate.bench.PeopleAccuracy;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.demo.PlantedPeople;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.report.BenchReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks: the contacts import per scale (wall time per phase, rows/s, peak driver heap) and the load "
                    + "path",
            "on the same staged rows: raw COPY (the limit), our loader (and its no-op re-run), Spark's JDBC writer.",
            "Prints a table and writes docs/benchmarks.md. Each scale uses a database of its own on the target server."
        })
final class BenchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--scales",
            defaultValue = "1,10",
            split = ",",
            description = "Scales to run (default ${DEFAULT-VALUE}; 100 and 300 are long runs).")
    List<Double> scales;

    @Option(
            names = "--load-path-only",
            description = "Skip the imports: compare the load paths on the rows the largest scale "
                    + "staged in an earlier bench run.")
    boolean loadPathOnly;

    @Option(
            names = "--out",
            defaultValue = "docs/benchmarks.md",
            description = "Where the table goes (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--labelled",
            paramLabel = "CSV",
            description = "Instead of the scales: pairwise precision, recall and F1 of people deduplication (email "
                    + "merges, then the candidates suggested merge or review) on a labelled file of person records "
                    + "(unique_id, first_name, surname, dob, city, email, cluster), loaded as legacy contacts and "
                    + "imported with contacts_without_email: create.")
    Path labelled;

    @Option(
            names = "--planted-people",
            paramLabel = "SCALE",
            description = "Instead of the scales: the same accuracy figures on a generated labelled set with planted "
                    + "duplicate people (about 32,584 records at scale 1; nicknames, typos, other or no email, "
                    + "missing fields), written to <work>/bench/planted-people-SCALE.csv.")
    Double plantedPeople;

    @Option(
            names = "--cold",
            description = "Also run each scale's contacts import as a user runs it, in a JVM of its own on a copy of "
                    + "the same database, and an 8-contact import: wall time from JVM start to exit, Spark jobs, "
                    + "against the SQL peer.")
    boolean cold;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of --planted-people (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        CrmConfig config = common.load();
        if (plantedPeople != null) {
            Path file = config.workDir().resolve("bench").resolve("planted-people-" + plantedPeople + ".csv");
            long n = PlantedPeople.write(plantedPeople, seed, file);
            System.err.printf("[bench] %,d planted person records in %s%n", n, file);
            labelled = file;
        }
        if (labelled != null) {
            PeopleAccuracy.Result r = Jobs.with(
                    config,
                    ctx -> PeopleAccuracy.run(ctx, labelled, config.workDir().resolve("bench/people")));
            System.out.println(BenchReport.people(labelled.getFileName().toString(), r));
            return 0;
        }
        Path benchDir = config.workDir().resolve("bench");
        double largest = scales.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        BenchJob.Outcome measured = Jobs.with(config, ctx -> {
            List<BenchJob.ScaleResult> results = new ArrayList<>();
            for (double s : loadPathOnly ? List.<Double>of() : scales) {
                results.add(BenchJob.scale(ctx, s, benchDir, cold));
            }
            BenchJob.Small small = cold && !loadPathOnly ? BenchJob.small(ctx, benchDir) : null;
            BenchJob.LoadPath path = BenchJob.loadPath(
                    ctx,
                    BenchJob.firstContactsRun(benchDir.resolve("work-" + largest)),
                    config.rules().leadStatusScale());
            return new BenchJob.Outcome(List.copyOf(results), small, path);
        });
        String md = BenchReport.render(measured.scales(), measured.small(), measured.loadPath(), largest);
        System.out.println(md);
        if (loadPathOnly) {
            return 0;
        }
        BenchReport.write(out, md);
        System.out.println("written to " + out.toAbsolutePath());
        return 0;
    }
}
