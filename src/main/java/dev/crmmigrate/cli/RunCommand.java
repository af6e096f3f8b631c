package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.RunJob;
import dev.crmmigrate.job.RunOutcome;
import dev.crmmigrate.report.Markdown;
import dev.crmmigrate.report.RunReport;
import java.nio.file.Path;
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
    public Integer call() {
        CrmConfig config = common.load();
        RunJob.Options options =
                new RunJob.Options(data != null ? data : config.workDir().resolve("demo"), scale, seed);
        RunOutcome o = Jobs.with(config, ctx -> RunJob.run(ctx, options));
        Path dir = RunReport.write(config.reportsDir(), o, showPii);
        ImportOutcome c = o.contacts();
        Printer.outcome(c);
        System.out.println();
        System.out.println("Before and after:");
        c.before()
                .forEach((k, v) -> System.out.printf(
                        "  %-22s %10s -> %10s%n",
                        k, Markdown.fmt(v), Markdown.fmt(c.after().get(k))));
        System.out.printf("%nchecks: %d passed, %d failed%n", o.checks().size() - o.failed(), o.failed());
        if (o.rowsChanged() == 0) {
            System.out.println("nothing changed: the CRM already holds everything this run would write (the demo "
                    + "data set's expected figures describe the run that first imported it)");
        } else if (!o.expected().isEmpty()) {
            System.out.printf(
                    "expected.json: %d figures match, %d differ%n",
                    o.expected().size() - o.expectedDiffering(), o.expectedDiffering());
        }
        System.out.println("report: " + dir.resolve("report.md").toAbsolutePath());
        System.out.println("summary: " + dir.resolve("summary.json").toAbsolutePath());
        System.out.println("page:    " + dir.resolve("report.html").toAbsolutePath());
        return o.failed() == 0 ? 0 : 1;
    }
}
