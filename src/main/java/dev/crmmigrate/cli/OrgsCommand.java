package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.OrgCandidatesJob;
import dev.crmmigrate.stage.RunIds;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "orgs",
        mixinStandardHelpOptions = true,
        description = "Organization near-duplicates: candidates for review, merges of approved pairs.",
        subcommands = {OrgsCommand.Candidates.class, OrgsCommand.Merge.class})
final class OrgsCommand {

    @Command(
            name = "candidates",
            mixinStandardHelpOptions = true,
            description = {
                "Score near-duplicate organization pairs (suffix-stripped names in blocks, Jaro-Winkler, shared "
                        + "email domains",
                "and phones as evidence) into the Delta table <work_dir>/orgs/candidates and a review CSV. Never "
                        + "merges."
            })
    static final class Candidates implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(
                names = "--min-score",
                defaultValue = "0.7",
                description = "Score from which a pair is proposed (default ${DEFAULT-VALUE}).")
        double minScore;

        @Option(
                names = "--truth",
                paramLabel = "CSV",
                description = "Ground truth (organization_a, organization_b, is_duplicate) to print "
                        + "precision and recall (default: the demo's org_near_duplicates_truth.csv when present).")
        Path truth;

        @Override
        public Integer call() {
            CrmConfig config = common.load();
            Path truthFile = truth != null ? truth : config.workDir().resolve("demo/org_near_duplicates_truth.csv");
            String id = RunIds.next("orgs");
            Path review = config.reportsDir().resolve(id).resolve("org_candidates.csv");
            OrgCandidatesJob.Outcome o =
                    Jobs.with(config, ctx -> OrgCandidatesJob.run(ctx, minScore, truthFile, review));
            System.out.printf(
                    "%,d candidate pairs, %,d proposed (score >= %.2f)%n", o.candidates(), o.proposed(), minScore);
            if (o.precision() != null) {
                System.out.printf(
                        Locale.ROOT,
                        "against %s: precision %.3f, recall %.3f (%d of %d planted duplicates found)%n",
                        truthFile,
                        o.precision(),
                        o.recall(),
                        o.truePositives(),
                        o.truthPositives());
            }
            System.out.println("review file: " + o.reviewCsv().toAbsolutePath() + " (mark decision = merge or keep)");
            return 0;
        }
    }

    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            description = {
                "Merge only the pairs marked 'merge' in a reviewed file (organization b into a): links and property "
                        + "owners are",
                "re-pointed and the merge is recorded in organization_merges; --undo MERGE_ID reverses one merge "
                        + "exactly."
            })
    static final class Merge implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(
                names = "--plan",
                paramLabel = "CSV",
                description = "The review file of 'orgs candidates' with decisions filled in.")
        Path plan;

        @Option(
                names = "--undo",
                paramLabel = "MERGE_ID",
                description = "Undo one merge (its id is in organization_merges).")
        UUID undo;

        @Override
        public Integer call() {
            if ((plan == null) == (undo == null)) {
                throw Errors.config("give exactly one of --plan reviewed.csv or --undo MERGE_ID");
            }
            CrmConfig config = common.load();
            try (dev.crmmigrate.db.DatabaseSession db = dev.crmmigrate.db.DatabaseSession.open(config)) {
                dev.crmmigrate.followup.FollowupResult r = plan != null
                        ? dev.crmmigrate.followup.OrgMerge.merge(db.target(), plan)
                        : dev.crmmigrate.followup.OrgMerge.undo(db.target(), undo);
                FollowupCommand.print(r);
            }
            return 0;
        }
    }
}
