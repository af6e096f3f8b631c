package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The crm-migrate command line. Thin: each command parses, loads the configuration and calls one job. */
@Command(
        name = "crm-migrate",
        mixinStandardHelpOptions = true,
        version = "crm-migrate 0.1.0",
        description =
                "Consolidate messy contact lists into a relational CRM: audit, resolve, stage in Delta, load into "
                        + "PostgreSQL.",
        subcommands = {
            RunCommand.class,
            GenerateCommand.class,
            SeedLegacyCommand.class,
            SchemaCommand.class,
            AuditCommand.class,
            ImportCommand.class,
            FollowupCommand.class,
            OrgsCommand.class,
            ListsCommand.class,
            PeopleCommand.class,
            ReauditCommand.class,
            VerifyCommand.class,
            RollbackCommand.class,
            ExplainCommand.class,
            BenchCommand.class,
            DbCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 failed checks or drift, 2 bad usage or configuration, 3 runtime failure."
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (!(t instanceof Errors.CrmMigrateException) && t.getCause() != null) {
                t = t.getCause();
            }
            if (t instanceof Errors.CrmMigrateException cme) {
                cmd.getErr().println("crm-migrate: " + Secrets.scrub(cme.getMessage()));
                return cme.kind().exitCode;
            }
            Throwable root = ex;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            cmd.getErr()
                    .println("crm-migrate: " + ex.getClass().getSimpleName() + ": "
                            + Secrets.scrub(firstLine(ex.getMessage())));
            if (root != ex) {
                cmd.getErr()
                        .println("  caused by " + root.getClass().getSimpleName() + ": "
                                + Secrets.scrub(firstLine(root.getMessage())));
            }
            return Errors.Kind.RUNTIME.exitCode;
        });
        return cli.execute(args);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
