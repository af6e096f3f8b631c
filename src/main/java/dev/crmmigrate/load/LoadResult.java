package dev.crmmigrate.load;

import dev.crmmigrate.stage.StagedTable;
import java.util.Map;

/**
 * What one load transaction changed, per figure (e.g. {@code people_inserted}); {@code alreadyLoaded} is true when
 * the run had committed before (a resumed run whose commit succeeded), in which case nothing was written again.
 * {@code paths}: how each staged table reached the CRM. {@code stepSeconds}: wall time of each COPY into staging and
 * of each statement of the transaction, in order (for people, not for deciding anything).
 */
public record LoadResult(
        String runId,
        Map<String, Long> actual,
        boolean alreadyLoaded,
        double seconds,
        Map<StagedTable, Path> paths,
        Map<String, Double> stepSeconds) {

    /** How a staged table's rows reached the CRM. */
    public enum Path {
        /** The target was empty: a COPY straight into it inside the load transaction, its indexes built after. */
        DIRECT_COPY,
        /** A COPY into an UNLOGGED staging table, then the table's statements in the load transaction. */
        STAGED,
        /** Nothing was staged (a re-run): no staging table, no statement. */
        NOTHING_STAGED
    }

    public long get(String figure) {
        return actual.getOrDefault(figure, 0L);
    }
}
