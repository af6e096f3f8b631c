package dev.crmmigrate.job;

import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.verify.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code crm-migrate run}: every job's outcome, the computed summary in the acceptance keys, and the
 * checks: the imports' own and, on a generated data set, every computed figure compared with its expected.json.
 */
public record RunOutcome(
        String runId,
        Path demoDir,
        ImportOutcome qozb,
        ImportOutcome familyOffice,
        AuditOutcome audit,
        ImportOutcome contacts,
        List<FollowupResult> followups,
        OrgCandidatesJob.Outcome organizations,
        Map<String, Object> summary,
        List<Check> expected,
        List<Check> checks) {

    /** The imports' checks that failed: any makes {@code run} exit 1. */
    public long failed() {
        return checks.stream().filter(c -> !c.passed()).count();
    }

    /** Rows the three imports changed in the CRM: 0 on a run over a CRM that holds the data set already. */
    public long rowsChanged() {
        return changed(qozb) + changed(familyOffice) + changed(contacts);
    }

    /** Rows one import changed (nothing when its load had been committed by an earlier, resumed run). */
    static long changed(ImportOutcome o) {
        return o.alreadyLoaded()
                ? 0
                : o.actual().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Computed figures that differ from the data set's expected.json (shown in the report). */
    public long expectedDiffering() {
        return expected.stream().filter(c -> !c.passed()).count();
    }
}
