package dev.crmmigrate.load;

import java.util.Map;

/**
 * What one load transaction changed, per figure (e.g. {@code people_inserted}); {@code alreadyLoaded} is true when
 * the run had committed before (a resumed run whose commit succeeded), in which case nothing was written again.
 * {@code stepSeconds}: wall time of each COPY into staging and of each statement of the transaction, in order.
 */
public record LoadResult(
        String runId,
        Map<String, Long> actual,
        boolean alreadyLoaded,
        double seconds,
        Map<String, Double> stepSeconds) {
    public long get(String figure) {
        return actual.getOrDefault(figure, 0L);
    }
}
