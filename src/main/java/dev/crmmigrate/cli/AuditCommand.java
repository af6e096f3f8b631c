package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.job.AuditJob;
import dev.crmmigrate.job.AuditOutcome;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.report.AuditReport;
import dev.crmmigrate.report.Markdown;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Overlap audits of the field report: emails (lists vs CRM), companies (normalized names, category matrix),",
            "contacts (legacy contacts vs CRM). Row-level results are Delta tables; metrics are appended to the "
                    + "Delta history."
        })
final class AuditCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(
            index = "0",
            defaultValue = "all",
            paramLabel = "WHICH",
            description = "emails | companies | contacts | all (default).")
    String which;

    @Option(names = "--show-pii", description = "Show email addresses in reports in full (default: masked).")
    boolean showPii;

    @Option(
            names = "--lists",
            paramLabel = "DIR",
            description = "Outreach lists folder (default lists.dir, else <work_dir>/demo/lists).")
    Path lists;

    @Option(
            names = "--strict",
            description = "Stop at the first list file that cannot be read (default: it is reported as a rejected "
                    + "file and the other lists are audited; also lists.strict).")
    boolean strict;

    @Override
    public Integer call() {
        Set<String> audits = switch (which) {
            case "all" -> AuditJob.ALL;
            case "emails", "companies", "contacts" -> Set.of(which);
            default -> throw Errors.config("unknown audit '%s'; valid: emails, companies, contacts, all", which);
        };
        CrmConfig loaded = common.load();
        CrmConfig config = strict ? loaded.withLists(loaded.lists().withStrict(true)) : loaded;
        Path dir = listsDir(config, lists);
        AuditOutcome o = Jobs.with(config, ctx -> AuditJob.run(ctx, dir, audits));
        Path out = AuditReport.write(config.reportsDir(), o, showPii);
        o.sections().forEach((section, figures) -> {
            System.out.println(section + ":");
            ((Map<?, ?>) figures).forEach((k, v) -> System.out.printf("  %-32s %12s%n", k, Markdown.fmt(v)));
        });
        o.rejectedLists().forEach(f -> System.out.printf("list not read: %s: %s%n", f.file(), f.rejected()));
        System.out.println("report: " + out.resolve("report.html").toAbsolutePath());
        return 0;
    }

    static Path listsDir(CrmConfig config, Path option) {
        return option != null
                ? option
                : config.lists().dir() != null
                        ? config.lists().dir()
                        : config.workDir().resolve("demo/lists");
    }
}
