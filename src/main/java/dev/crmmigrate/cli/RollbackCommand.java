package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.report.RollbackReport;
import dev.crmmigrate.undo.Rollback;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Take back exactly what one run wrote to the CRM, from the change log its load kept, in one "
                + "transaction. Refuses (exit 1) and lists what and where when a later change depends on it.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run (see migration_runs).")
    String run;

    @Option(names = "--cascade", description = "First roll back the later runs that depend on this one, newest first.")
    boolean cascade;

    @Option(
            names = "--force",
            description = "Go on over edits and rows no run wrote (signups): keep the rows they reference or changed, "
                    + "write back the before-images of edited rows, and list both.")
    boolean force;

    @Option(names = "--plan", description = "Print what would happen and change nothing.")
    boolean plan;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        try (DatabaseSession db = DatabaseSession.open(config)) {
            Rollback.Outcome o = new Rollback(db.target()).execute(run, cascade, force, plan);
            System.out.print(RollbackReport.text(o, cascade));
            return o.refused() ? 1 : 0;
        }
    }
}
