package dev.crmmigrate.job;

import dev.crmmigrate.audit.AuditResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audits of one run, in the order they ran.
 *
 * @param overlapSample the first overlapping addresses (address, lists, CRM sources), at most ten, raw: reports mask
 * them
 */
public record AuditOutcome(
        String runId, List<AuditResult> results, long listRejects, double seconds, List<String[]> overlapSample) {
    /** summary.json sections: one per audit, keyed by the audit's name. */
    public Map<String, Object> sections() {
        Map<String, Object> m = new LinkedHashMap<>();
        results.forEach(r -> m.put(r.audit(), r.totals()));
        return m;
    }

    public AuditResult get(String audit) {
        return results.stream().filter(r -> r.audit().equals(audit)).findFirst().orElse(null);
    }
}
