package dev.crmmigrate.cli;

import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.report.Markdown;
import dev.crmmigrate.verify.Check;

/** Console summaries. */
final class Printer {
    private Printer() {}

    static void outcome(ImportOutcome o) {
        System.out.printf(
                "%s run %s%s: %,d records read = %,d loaded + %,d rejected + %,d skipped by a rule, %.1f s%n",
                o.job(),
                o.runId(),
                o.alreadyLoaded() ? " (already committed: nothing written again)" : "",
                o.read(),
                o.loaded(),
                o.rejected(),
                o.skipped(),
                o.seconds());
        o.actual().forEach((k, v) -> System.out.printf("  %-32s %12s%n", k, Markdown.fmt(v)));
        for (Check c : o.checks()) {
            if (!c.passed()) {
                System.out.println("  CHECK FAILED: " + c.name() + " — " + c.detail());
            }
        }
    }
}
