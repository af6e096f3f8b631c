package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.db.SchemaMigrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description =
                "Create or upgrade the CRM schema (Flyway). A second run changes nothing; existing CRM tables are "
                        + "adopted.")
final class SchemaCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--legacy",
            description =
                    "Also create the legacy tables (contacts, campaign_recipients, email_queue, auth.users): demo "
                            + "and test databases only.")
    boolean legacy;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        try (DatabaseSession db = DatabaseSession.open(config)) {
            if (legacy) {
                report("legacy", SchemaMigrator.migrate(db.source(), SchemaMigrator.Location.LEGACY));
            }
            report("crm", SchemaMigrator.migrate(db.target(), SchemaMigrator.Location.CRM));
            System.out.println("database: " + db.target().safeUrl());
        }
        return 0;
    }

    private static void report(String what, SchemaMigrator.Result r) {
        System.out.printf(
                "%s schema: %s%s, version %s%n",
                what,
                r.applied() == 0 ? "up to date" : r.applied() + " migration(s) applied",
                r.baselined() ? " (existing tables adopted as version 1)" : "",
                r.version());
    }
}
