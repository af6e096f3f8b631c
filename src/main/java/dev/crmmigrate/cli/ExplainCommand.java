package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.explain.ExplainJob;
import dev.crmmigrate.explain.Explanation;
import dev.crmmigrate.job.Jobs;
import dev.crmmigrate.job.PeopleCandidatesJob;
import dev.crmmigrate.report.ExplainReport;
import java.util.List;
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

        @Option(
                names = "--pair",
                arity = "2",
                paramLabel = "ID",
                description = "Two CRM people: why they are or are not a probable-duplicate candidate pair, evidence "
                        + "by evidence.")
        List<String> pair;
    }

    @Option(names = "--run", paramLabel = "RUN_ID", description = "The contacts import (default: the newest one).")
    String run;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        if (subject.pair != null) {
            PeopleCandidatesJob.PairExplanation p = Jobs.with(
                    config, ctx -> PeopleCandidatesJob.explainPair(ctx, subject.pair.get(0), subject.pair.get(1)));
            System.out.printf("%s  %s%n%s  %s%n", p.personA(), p.nameA(), p.personB(), p.nameB());
            System.out.println(
                    p.candidate()
                            ? "a candidate pair: they share a block key, so people candidates compares them"
                            : "not a candidate pair: they share no block key under the limit, so people candidates "
                                    + "never compares them");
            p.sharedKeys().forEach(k -> System.out.println("  block key " + k));
            System.out.printf(java.util.Locale.ROOT, "score %.1f, suggested %s%n", p.score(), p.suggested());
            for (String e : p.evidence().split("; ")) {
                if (!e.isBlank()) {
                    System.out.println("  " + e);
                }
            }
            return 0;
        }
        ExplainJob.By by = subject.contact != null
                ? ExplainJob.By.CONTACT
                : subject.email != null ? ExplainJob.By.EMAIL : ExplainJob.By.PERSON;
        String value =
                subject.contact != null ? subject.contact : subject.email != null ? subject.email : subject.person;
        Explanation e = Jobs.with(
                config,
                ctx -> ExplainJob.run(
                        new ExplainJob.Sources(ctx.spark(), ctx.config().runsDir(), ctx.target()), by, value, run));
        System.out.print(json ? ExplainReport.json(e) : ExplainReport.text(e));
        return 0;
    }
}
