package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.explain.ExplainJob;
import dev.crmmigrate.explain.Explanation;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.report.ExplainReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = "Why a contact, an email or a person ended where it did in a contacts import: the normalized "
                + "email and rejected fields, the first-wins group, the person matched or created, every enrichment "
                + "with its rule, the email's status and the links added, each with the run that did it.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @ArgGroup(multiplicity = "1")
    Subject subject;

    static final class Subject {
        @Option(names = "--contact", paramLabel = "ID", description = "A legacy contact's id.")
        String contact;

        @Option(names = "--email", paramLabel = "ADDRESS", description = "An email address (as written anywhere).")
        String email;

        @Option(names = "--person", paramLabel = "ID", description = "A CRM person's id.")
        String person;
    }

    @Option(names = "--run", paramLabel = "RUN_ID", description = "The contacts import (default: the newest one).")
    String run;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        ExplainJob.By by = subject.contact != null
                ? ExplainJob.By.CONTACT
                : subject.email != null ? ExplainJob.By.EMAIL : ExplainJob.By.PERSON;
        String value =
                subject.contact != null ? subject.contact : subject.email != null ? subject.email : subject.person;
        Explanation e = Jobs.with(config, ctx -> ExplainJob.run(ctx, by, value, run));
        System.out.print(json ? ExplainReport.json(e) : ExplainReport.text(e));
        return 0;
    }
}
