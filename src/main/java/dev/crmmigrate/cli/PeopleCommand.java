package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.PeopleCandidatesJob;
import dev.crmmigrate.stage.RunIds;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "people",
        mixinStandardHelpOptions = true,
        description = "Probable duplicate people: candidates for review.",
        subcommands = {PeopleCommand.Candidates.class})
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
}
