package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.report.ImportReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import into the CRM: stage in Delta, load in one transaction, verify.",
        subcommands = {ImportCommand.Qozb.class, ImportCommand.FamilyOffice.class, ImportCommand.Contacts.class})
final class ImportCommand {

    abstract static class Base implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(
                names = "--run-id",
                description =
                        "Resume or name a run (default: resume the newest unfinished run of this import, else a new "
                                + "one).")
        String runId;

        abstract ImportOutcome run(dev.crmmigrate.job.JobContext ctx);

        @Override
        public Integer call() {
            CrmConfig config = common.load();
            ImportOutcome o = Jobs.with(config, this::run);
            Path dir = ImportReport.write(config.reportsDir(), o);
            Printer.outcome(o);
            System.out.println("report: " + dir.resolve("report.md").toAbsolutePath());
            return o.passed() ? 0 : 1;
        }
    }

    @Command(
            name = "qozb",
            mixinStandardHelpOptions = true,
            description = "Import the QOZB property export (people, organizations, properties, phones, emails).")
    static final class Qozb extends Base {
        @Option(
                names = "--file",
                paramLabel = "CSV",
                description = "The export (default <work_dir>/demo/crm/qozb_properties.csv).")
        Path file;

        @Override
        ImportOutcome run(dev.crmmigrate.job.JobContext ctx) {
            return SourceImportJob.run(
                    ctx,
                    SourceImportJob.Kind.QOZB,
                    file != null ? file : ctx.config().workDir().resolve("demo/crm/qozb_properties.csv"),
                    runId);
        }
    }

    @Command(
            name = "family-office",
            mixinStandardHelpOptions = true,
            description = "Import the Family Office export (people, firms, phones, emails, LinkedIn).")
    static final class FamilyOffice extends Base {
        @Option(
                names = "--file",
                paramLabel = "CSV",
                description = "The export (default <work_dir>/demo/crm/family_office_contacts.csv).")
        Path file;

        @Override
        ImportOutcome run(dev.crmmigrate.job.JobContext ctx) {
            return SourceImportJob.run(
                    ctx,
                    SourceImportJob.Kind.FAMILY_OFFICE,
                    file != null ? file : ctx.config().workDir().resolve("demo/crm/family_office_contacts.csv"),
                    runId);
        }
    }

    @Command(
            name = "contacts",
            mixinStandardHelpOptions = true,
            description = "Import the legacy contacts table in the field report's eight phases and save the contact -> "
                    + "person mapping.")
    static final class Contacts extends Base {
        @Override
        ImportOutcome run(dev.crmmigrate.job.JobContext ctx) {
            return ContactsImportJob.run(ctx, runId);
        }
    }
}
