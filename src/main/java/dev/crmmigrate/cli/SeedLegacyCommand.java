package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.job.SeedLegacyJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "seed-legacy",
        mixinStandardHelpOptions = true,
        description = "Create the legacy tables (contacts, campaign_recipients, email_queue, auth.users) and load the "
                + "generated "
                + "legacy CSVs with COPY: the stand-in for a production database. Demo and test databases only.")
final class SeedLegacyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--from", paramLabel = "DIR", description = "The generated data set (default <work_dir>/demo).")
    Path from;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        try (DatabaseSession db = DatabaseSession.open(config)) {
            SeedLegacyJob.run(
                            db.source(), from != null ? from : config.workDir().resolve("demo"))
                    .forEach((t, n) -> System.out.printf("  %-22s %,10d rows%n", t, n));
            System.out.println("legacy tables seeded in " + db.source().safeUrl());
        }
        return 0;
    }
}
