package dev.crmmigrate.job;

import dev.crmmigrate.Errors;
import dev.crmmigrate.load.LoadResult;
import dev.crmmigrate.load.PgLoader;
import dev.crmmigrate.load.RunLog;
import dev.crmmigrate.resolve.CrmSnapshot;
import dev.crmmigrate.resolve.PlannedCounts;
import dev.crmmigrate.spark.Progress;
import dev.crmmigrate.spark.ShufflePartitions;
import dev.crmmigrate.stage.ChangePlan;
import dev.crmmigrate.stage.RunStore;
import dev.crmmigrate.verify.Check;
import dev.crmmigrate.verify.TableCounts;
import dev.crmmigrate.verify.Verifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The common end of every import: stage the CRM rows in Delta, plan, guard, load in one transaction, verify. */
final class ImportRunner {
    /** The name of the load phase in progress lines and phase timings. */
    static final String LOAD_PHASE = "load: COPY (into staging, or straight into empty tables), then one transaction";

    private ImportRunner() {}

    /**
     * The plan as the load and what follows it read it: a small one once into memory for the COPY of each table and
     * the exports after the load; a large one by partition pruning, table by table. The caller unpersists it.
     */
    static ChangePlan.Staged forLoad(ChangePlan.Staged plan, long read) {
        return ShufflePartitions.adaptive(read) ? plan : plan.persisted();
    }

    /**
     * Plans, checks the reject ratio, loads and verifies.
     *
     * @param rejectedRecords whole input records that cannot migrate (field rejects do not count here)
     * @param skipped         records a rule chose not to migrate; they never count toward the reject ratio
     * @param plan            the staged plan, as {@link #forLoad} reads it
     * @param planned         what the load will change, when the plan's own figures tell it (the contacts import
     *                        judged its rows against the CRM); null when the load skips what the CRM holds, so the
     *                        plan is split against it here
     */
    static ImportOutcome finish(
            JobContext ctx,
            RunStore store,
            Progress progress,
            String job,
            Instant started,
            long read,
            long rejectedRecords,
            long skipped,
            ChangePlan.Staged plan,
            Map<String, Long> planned,
            Map<String, Long> phases) {
        double ratio = read == 0 ? 0 : (double) rejectedRecords / read;
        if (ratio > ctx.config().rules().maxRejectRatio()) {
            throw Errors.check(
                    "%s: %d of %d input records (%.1f%%) were rejected, above rules.max_reject_ratio %.1f%%; "
                            + "nothing was written. The rejects are in %s",
                    job,
                    rejectedRecords,
                    read,
                    100 * ratio,
                    100 * ctx.config().rules().maxRejectRatio(),
                    store.dir().resolve("rejects"));
        }
        PgLoader loader = new PgLoader(
                ctx.target(),
                ctx.config().rules().leadStatusScale(),
                ctx.config().load().maintenanceWindow());
        Optional<RunLog.Recorded> recorded = RunLog.recorded(ctx.target(), store.runId());
        Map<String, Long> before = TableCounts.of(ctx.target());
        if (recorded.isPresent()) {
            planned = recorded.get().planned();
        } else if (planned == null) {
            planned = PlannedCounts.ofSource(plan, new CrmSnapshot(ctx.spark(), ctx.target()), before);
        }
        progress.begin(LOAD_PHASE);
        LoadResult loaded = loader.load(store.runId(), job, started, plan.tables(), plan.rows(), planned);
        progress.done(
                loaded.alreadyLoaded() ? "already committed earlier; nothing written again" : "rows changed",
                loaded.actual().values().stream().mapToLong(Long::longValue).sum());
        // Where a long load spent its time, step by step.
        loaded.stepSeconds().forEach((step, s) -> {
            if (s >= 1) {
                progress.note(String.format(Locale.ROOT, "  %s: %.1f s", step, s));
            }
        });
        Map<String, Long> after = TableCounts.of(ctx.target());
        progress.begin("verify");
        List<Check> checks = new ArrayList<>(Verifier.plannedVsActual(planned, loaded.actual()));
        checks.addAll(Verifier.referential(ctx.target()));
        progress.done("checks passed", checks.stream().filter(Check::passed).count());
        store.markCommitted();
        // Wall time and decisions are the job's to add, once: ImportOutcome#completed.
        return new ImportOutcome(
                job,
                store.runId(),
                store.resumed(),
                loaded.alreadyLoaded(),
                read,
                rejectedRecords,
                skipped,
                new LinkedHashMap<>(phases),
                planned,
                loaded.actual(),
                before,
                after,
                checks,
                0,
                progress.timings(),
                List.of());
    }
}
