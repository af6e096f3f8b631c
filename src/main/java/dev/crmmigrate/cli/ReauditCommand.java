package dev.crmmigrate.cli;

import dev.crmmigrate.audit.Drift;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.job.AuditOutcome;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.ReauditJob;
import dev.crmmigrate.report.Markdown;
import dev.crmmigrate.report.ReauditReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "reaudit",
        mixinStandardHelpOptions = true,
        description = {
            "Re-run the audits, compare every metric with the previous run in the Delta history and write a drift "
                    + "report",
            "(what changed, by how much, which outreach emails are newly in the CRM). Exit 1 when a threshold is "
                    + "crossed."
        })
final class ReauditCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--lists",
            paramLabel = "DIR",
            description = "Outreach lists folder (default lists.dir, else <work_dir>/demo/lists).")
    Path lists;

    @Option(
            names = "--max-change-pct",
            description = "Override reaudit.max_change_pct (percent change of a total metric).")
    Double maxChangePct;

    @Option(
            names = "--max-new-overlaps",
            description = "Override reaudit.max_new_overlaps (emails newly found in the CRM).")
    Long maxNewOverlaps;

    @Option(names = "--show-pii", description = "Show email addresses in reports in full (default: masked).")
    boolean showPii;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        double maxPct = maxChangePct != null ? maxChangePct : config.reaudit().maxChangePct();
        long maxNew = maxNewOverlaps != null ? maxNewOverlaps : config.reaudit().maxNewOverlaps();
        Path dir = AuditCommand.listsDir(config, lists);
        ReauditJob.Outcome result = Jobs.with(config, ctx -> ReauditJob.run(ctx, dir, maxPct, maxNew, showPii));
        AuditOutcome o = result.audit();
        Drift.Report drift = result.drift();
        if (drift == null) {
            System.out.println("reaudit: first audit run, no drift to report");
        } else {
            System.out.printf(
                    "reaudit %s vs %s: %d metric(s) changed, %d new overlap(s)%n",
                    o.runId(), drift.previousRun(), drift.changes().size(), drift.newOverlaps());
            drift.changes()
                    .forEach(c -> System.out.printf(
                            "  %-60s %12s -> %12s%n",
                            c.label(), Markdown.fmt(c.previous()), Markdown.fmt(c.current())));
            drift.thresholdsCrossed().forEach(t -> System.out.println("  ALERT: " + t));
        }
        Path out = ReauditReport.write(config.reportsDir(), result, showPii);
        System.out.println("report: " + out.resolve("report.md").toAbsolutePath());
        return drift != null && drift.alert() ? 1 : 0;
    }
}
