package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.followup.Findings;
import dev.crmmigrate.followup.FollowupJob;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.report.Markdown;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "followup",
        mixinStandardHelpOptions = true,
        description = {
            "The field report's open follow-ups, idempotent: campaign-fks (campaign_recipients.person_id/email_id),",
            "signup-trigger (signups create people), activities (timeline backfill), email-queue (person_id), "
                    + "compat-view",
            "(contacts_compat), retire-contacts [--undo] (rename to contacts_legacy when every check passes), or all."
        })
final class FollowupCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(
            index = "0",
            defaultValue = "all",
            paramLabel = "STEP",
            description = "campaign-fks | signup-trigger | activities | "
                    + "email-queue | compat-view | retire-contacts | all (default)")
    String step;

    @Option(names = "--undo", description = "With retire-contacts: rename contacts_legacy back to contacts.")
    boolean undo;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        try (DatabaseSession db = DatabaseSession.open(config)) {
            List<FollowupResult> results = step.equals("all")
                    ? FollowupJob.all(db.target(), config.followupsDir())
                    : List.of(FollowupJob.run(db.target(), step, undo, config.followupsDir()));
            boolean refused = false;
            for (FollowupResult r : results) {
                print(r);
                refused |= !r.done();
            }
            return refused ? 1 : 0;
        }
    }

    static void print(FollowupResult r) {
        System.out.println(r.name() + (r.done() ? "" : " (refused)") + ":");
        r.figures().forEach((k, v) -> System.out.printf("  %-28s %12s%n", k, Markdown.fmt(v)));
        Findings.Summary f = r.findings();
        f.counts().forEach((kind, n) -> System.out.printf("  %-28s %12s%n", "findings: " + kind, Markdown.fmt(n)));
        f.examples().forEach(x -> System.out.println("  - " + x));
        if (f.total() > f.examples().size()) {
            System.out.println("  (the first " + f.examples().size() + " of " + Markdown.fmt(f.total())
                    + "; all of them in " + f.csv() + ")");
        } else if (f.csv() != null) {
            System.out.println("  (also in " + f.csv() + ")");
        }
    }
}
