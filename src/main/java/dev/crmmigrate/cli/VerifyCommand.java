package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.load.PgLoader;
import dev.crmmigrate.report.Markdown;
import dev.crmmigrate.verify.Check;
import dev.crmmigrate.verify.TableCounts;
import dev.crmmigrate.verify.Verifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            List<Check> checks = new ArrayList<>();
            PgLoader loader = new PgLoader(target, config.rules().leadStatusScale());
            for (String runId : latestRuns(target)) {
                Map<String, Map<String, Long>> rec = loader.recorded(runId);
                Verifier.plannedVsActual(rec.get("planned"), rec.get("actual"))
                        .forEach(c -> checks.add(new Check(runId + ": " + c.name(), c.passed(), c.detail())));
            }
            checks.addAll(Verifier.referential(target));
            checks.addAll(Verifier.notMigrated(db.source(), target));
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

    /** The newest run of each job that changed something (its planned vs actual is the meaningful one). */
    private static List<String> latestRuns(Database db) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select distinct on (job) run_id from migration_runs where status = 'succeeded' "
                                + "order by job, finished_at desc")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw Errors.database("reading migration_runs", db.safeUrl(), e);
        }
        return out;
    }
}
