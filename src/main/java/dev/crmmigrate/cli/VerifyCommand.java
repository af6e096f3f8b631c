package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.report.Markdown;
import dev.crmmigrate.verify.Check;
import dev.crmmigrate.verify.TableCounts;
import dev.crmmigrate.verify.Verifier;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description =
                "Verify the CRM: planned vs actual of every recorded run, referential checks, table counts. Exit 1 "
                        + "when a check fails.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        try (DatabaseSession db = DatabaseSession.open(config)) {
            Database target = db.target();
            List<Check> checks = Verifier.all(db.source(), target);
            TableCounts.of(target).forEach((t, n) -> System.out.printf("  %-22s %12s%n", t, Markdown.fmt(n)));
            long failed = 0;
            for (Check c : checks) {
                System.out.printf("  %-4s %s (%s)%n", c.passed() ? "ok" : "FAIL", c.name(), c.detail());
                failed += c.passed() ? 0 : 1;
            }
            System.out.printf("%d checks, %d failed%n", checks.size(), failed);
            return failed == 0 ? 0 : 1;
        }
    }
}
