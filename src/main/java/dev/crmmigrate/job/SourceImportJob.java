package dev.crmmigrate.job;

import dev.crmmigrate.load.Preflight;
import dev.crmmigrate.resolve.SourcePlans;
import dev.crmmigrate.source.CsvSource;
import dev.crmmigrate.spark.Progress;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.RunStore;
import dev.crmmigrate.stage.StagedTable;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code import qozb} and {@code import family-office}: one export file into the CRM. */
public final class SourceImportJob {
    /** The two source exports. */
    public enum Kind {
        QOZB("import_qozb", SourcePlans.QOZB, List.of("property_id", "owner_organization", "contact_id")),
        FAMILY_OFFICE("import_family_office", SourcePlans.FAMILY_OFFICE, List.of("record_id", "firm", "contact_name"));

        final String job;
        final String[] columns;
        final List<String> required;

        Kind(String job, String[] columns, List<String> required) {
            this.job = job;
            this.columns = columns;
            this.required = required;
        }
    }

    private SourceImportJob() {}

    public static ImportOutcome run(JobContext ctx, Kind kind, Path file, String runId) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Progress progress = new Progress(kind.job, 4);
        RunStore store = RunStore.open(ctx.spark(), ctx.config().runsDir(), kind.job, runId);
        if (store.resumed()) {
            progress.note("resuming run " + store.runId() + " from its staged phases");
        }

        progress.begin("read " + file.getFileName());
        Map<String, List<String>> aliases =
                Arrays.stream(kind.columns).collect(Collectors.toMap(c -> c, c -> List.of(c)));
        CsvSource.Parsed parsed = CsvSource.read(
                ctx.spark(),
                file,
                Charset.forName(ctx.config().lists().encoding()),
                aliases,
                List.of(kind.columns),
                kind.required);
        Dataset<Row> records = store.stage("input", parsed::records);
        Dataset<Row> input = CsvSource.Parsed.good(records);
        long read = records.count();
        progress.done("records", read);

        progress.begin("resolve people, organizations, emails, phones" + (kind == Kind.QOZB ? ", properties" : ""));
        String region = ctx.config().rules().phoneRegion();
        SourcePlans.Plan plan = kind == Kind.QOZB
                ? SourcePlans.qozb(input, region, file.getFileName().toString())
                : SourcePlans.familyOffice(input, region, file.getFileName().toString());
        // The plan is lazy: the schema is checked before its work (ten minutes for QOZB at scale 100), not at the load.
        Preflight.check(ctx.target(), plan.tables().keySet());
        Dataset<Row> rejects =
                store.stage("rejects", () -> plan.rejects().unionAll(CsvSource.Parsed.malformed(records)));
        Dataset<Row> repairs = store.stage("repairs", plan::repairs);
        Map<StagedTable, Dataset<Row>> staged = ImportRunner.stage(store, plan.tables());
        long people = staged.get(StagedTable.PEOPLE).count();
        progress.done("people", people);

        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put(Figure.RECORDS_READ, read);
        phases.put(Figure.SOURCE_PEOPLE, people);
        phases.put(
                Figure.SOURCE_ORGANIZATIONS,
                staged.get(StagedTable.ORGANIZATIONS).count());
        if (kind == Kind.QOZB) {
            phases.put(
                    Figure.SOURCE_PROPERTIES, staged.get(StagedTable.PROPERTIES).count());
        }
        phases.put(Figure.REJECTS, rejects.count());
        phases.put(Figure.REPAIRED_FIELDS, repairs.count());
        // Whole records lost: the malformed ones (field rejects keep their record, without the bad value).
        long rejected = rejects.where(
                        org.apache.spark.sql.functions.col("field").isNull())
                .count();
        ImportOutcome out =
                ImportRunner.finish(ctx, store, progress, kind.job, started, read, rejected, 0, staged, phases);
        return withSeconds(out, t0);
    }

    static ImportOutcome withSeconds(ImportOutcome o, long t0) {
        return new ImportOutcome(
                o.job(),
                o.runId(),
                o.resumed(),
                o.alreadyLoaded(),
                o.read(),
                o.rejected(),
                o.skipped(),
                o.phases(),
                o.planned(),
                o.actual(),
                o.before(),
                o.after(),
                o.checks(),
                (System.nanoTime() - t0) / 1e9,
                o.phaseSeconds(),
                o.decisions());
    }
}
