package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.dedupe.PersonMerge;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.PeopleCandidatesJob;
import dev.crmmigrate.stage.RunIds;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "people",
        mixinStandardHelpOptions = true,
        description = "Probable duplicate people: candidates for review.",
        subcommands = {PeopleCommand.Candidates.class, PeopleCommand.Merge.class})
final class PeopleCommand {

    @Command(
            name = "candidates",
            mixinStandardHelpOptions = true,
            description = {
                "Probable duplicate pairs among the CRM's people beyond email = same person: blocked on name sounds, "
                        + "email names,",
                "phones and dates of birth; scored with a readable weight per evidence; written to the Delta table "
                        + "<work_dir>/people/candidates",
                "and the review file people_candidates.csv (suggested merge, review or no). Never merges."
            })
    static final class Candidates implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            CrmConfig config = common.load();
            String id = RunIds.next("people");
            Path review = config.reportsDir().resolve(id).resolve("people_candidates.csv");
            PeopleCandidatesJob.Outcome o = Jobs.with(config, ctx -> PeopleCandidatesJob.run(ctx, review));
            System.out.printf(
                    Locale.ROOT,
                    "%,d people, %,d pairs compared (%.1f per person): %,d suggested merge, %,d review (%.1f s)%n",
                    o.people(),
                    o.comparisons(),
                    o.comparisonsPerPerson(),
                    o.merge(),
                    o.review(),
                    o.seconds());
            System.out.println("review file: " + o.reviewCsv().toAbsolutePath() + " (mark decision = merge or keep)");
            return 0;
        }
    }

    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            description = {
                "Merge the pairs a reviewer marked 'merge' in people_candidates.csv, all in one transaction: tags a "
                        + "union, lead status only upward, a user id kept,",
                "every email, phone and organization link, mapping and activity moved to the kept person (person_a). "
                        + "Logged in person_merges; --undo MERGE_ID restores the exact state."
            })
    static final class Merge implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--review", paramLabel = "CSV", description = "people_candidates.csv with decisions filled in.")
        Path review;

        @Option(names = "--plan", description = "Say what the merges would do, and change nothing.")
        boolean plan;

        @Option(names = "--undo", paramLabel = "MERGE_ID", description = "Undo one merge (its id is in person_merges).")
        UUID undo;

        @Override
        public Integer call() {
            if ((review == null) == (undo == null)) {
                throw Errors.config("give exactly one of --review people_candidates.csv or --undo MERGE_ID");
            }
            CrmConfig config = common.load();
            try (DatabaseSession db = DatabaseSession.open(config)) {
                FollowupResult r = review != null
                        ? PersonMerge.merge(db.target(), review, config.rules().leadStatusScale(), plan)
                        : PersonMerge.undo(db.target(), undo);
                FollowupCommand.print(r);
            }
            return 0;
        }
    }
}
