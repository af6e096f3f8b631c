package dev.crmmigrate.job;

import dev.crmmigrate.audit.AuditResult;
import dev.crmmigrate.source.OutreachLists;
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
        String runId,
        List<AuditResult> results,
        long listRejects,
        double seconds,
        List<String[]> overlapSample,
        List<OutreachLists.FileRead> lists) {
    /** summary.json sections: one per audit, keyed by the audit's name. */
    public Map<String, Object> sections() {
        Map<String, Object> m = new LinkedHashMap<>();
        results.forEach(r -> m.put(r.audit(), r.totals()));
        return m;
    }

    /** summary.json with the audits' sections and, when lists were read, how each was read ({@code lists}). */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>(sections());
        if (!lists.isEmpty()) {
            m.put("lists", lists.stream().map(OutreachLists.FileRead::summary).toList());
        }
        return m;
    }

    /** The list files that were not read, with their reasons. */
    public List<OutreachLists.FileRead> rejectedLists() {
        return lists.stream().filter(f -> f.rejected() != null).toList();
    }

    public AuditResult get(String audit) {
        return results.stream().filter(r -> r.audit().equals(audit)).findFirst().orElse(null);
    }
}
