package dev.crmmigrate.job;

import dev.crmmigrate.explain.Decisions;
import dev.crmmigrate.verify.Check;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable result of one import run.
 *
 * @param read     input records read; {@code read = loaded + rejected + skipped}
 * @param rejected whole input records that could not be read or loaded (field rejects keep their record)
 * @param skipped  records a rule chose not to migrate (contacts without email under the default rule)
 * @param phases  the figures of the field report's phases table, computed from the data
 * @param planned what the plan expected the load to change
 * @param actual  what the load transaction changed (empty when the run had already been loaded)
 * @param before  CRM table counts before the load
 * @param after   CRM table counts after the load
 * @param phaseSeconds wall time of each phase, in the order they ran
 * @param decisions how often each rule fired, with examples (contacts import only; empty otherwise)
 */
public record ImportOutcome(
        String job,
        String runId,
        boolean resumed,
        boolean alreadyLoaded,
        long read,
        long rejected,
        long skipped,
        Map<String, Long> phases,
        Map<String, Long> planned,
        Map<String, Long> actual,
        Map<String, Long> before,
        Map<String, Long> after,
        List<Check> checks,
        double seconds,
        Map<String, Double> phaseSeconds,
        List<Decisions.Decision> decisions) {

    /**
     * The outcome of a finished import: its wall time since {@code startedNanos} and the decisions the report shows
     * (the contacts import's rules that fired). The one copy of an outcome.
     */
    ImportOutcome completed(long startedNanos, List<Decisions.Decision> decided) {
        return new ImportOutcome(
                job,
                runId,
                resumed,
                alreadyLoaded,
                read,
                rejected,
                skipped,
                phases,
                planned,
                actual,
                before,
                after,
                checks,
                (System.nanoTime() - startedNanos) / 1e9,
                phaseSeconds,
                List.copyOf(decided));
    }

    /** The phases' figures and the load's, as the decisions of a contacts import read them. */
    Map<String, Long> figures() {
        Map<String, Long> out = new LinkedHashMap<>(phases);
        out.putAll(actual);
        return out;
    }

    /** Records that reached the CRM (new, merged into an existing row, or already there from an earlier run). */
    public long loaded() {
        return read - rejected - skipped;
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
