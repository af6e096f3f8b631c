package dev.crmmigrate.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.load.Preflight;
import dev.crmmigrate.resolve.SourcePlans;
import dev.crmmigrate.source.CsvSource;
import dev.crmmigrate.source.ListLayout;
import dev.crmmigrate.source.Rejects;
import dev.crmmigrate.spark.Progress;
import dev.crmmigrate.spark.ShufflePartitions;
import dev.crmmigrate.stage.ChangePlan;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.JobName;
import dev.crmmigrate.stage.Phase;
import dev.crmmigrate.stage.RunStore;
import dev.crmmigrate.stage.StagedTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code import qozb} and {@code import family-office}: one export file into the CRM. */
public final class SourceImportJob {
    /** The figures the rejects' write observes: every reject, and the whole records among them. */
    private static final String REJECTS = "rejects";

    private static final String RECORDS_REJECTED = "records_rejected";

    /** The two source exports. */
    public enum Kind {
        QOZB(
                JobName.IMPORT_QOZB,
                SourcePlans.QOZB,
                List.of("property_id", "owner_organization", "contact_id"),
                EnumSet.of(StagedTable.PROPERTIES)),
        FAMILY_OFFICE(
                JobName.IMPORT_FAMILY_OFFICE,
                SourcePlans.FAMILY_OFFICE,
                List.of("record_id", "firm", "contact_name"),
                EnumSet.noneOf(StagedTable.class));

        final String job;
        final String[] columns;
        final List<String> required;
        /** The CRM tables this import stages and loads: checked against the schema before any Spark work. */
        final Set<StagedTable> tables;

        Kind(JobName job, String[] columns, List<String> required, Set<StagedTable> own) {
            this.job = job.id();
            this.columns = columns;
            this.required = required;
            Set<StagedTable> t = EnumSet.of(
                    StagedTable.ORGANIZATIONS,
                    StagedTable.EMAILS,
                    StagedTable.PHONES,
                    StagedTable.PEOPLE,
                    StagedTable.PERSON_EMAILS,
                    StagedTable.PERSON_PHONES,
                    StagedTable.PERSON_ORGANIZATIONS);
            t.addAll(own);
            this.tables = Collections.unmodifiableSet(t);
        }
    }

    private SourceImportJob() {}

    /** A new run of the import of {@code file}. */
    public static ImportOutcome run(JobContext ctx, Kind kind, Path file) {
        return run(ctx, kind, file, null);
    }

    /**
     * @param runId the run to resume (or to start under this id); null: a new run
     */
    public static ImportOutcome run(JobContext ctx, Kind kind, Path file, String runId) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        // The schema first: a CRM without a table or column the load writes fails here, not after the Spark work (ten
        // minutes for QOZB at scale 100). The load checks again, for a schema changed in between.
        Preflight.check(ctx.target(), kind.tables);
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
                ListLayout.encoding(file, ctx.config().lists().encoding(), null).getKey(),
                aliases,
                List.of(kind.columns),
                kind.required);
        Dataset<Row> records = store.stage(Phase.INPUT, parsed::records);
        Dataset<Row> input = CsvSource.Parsed.good(records);
        long read = store.rows(Phase.INPUT);
        progress.done("records", read);
        // Sized to the input for the rest of the import (the configured count again when it ends).
        try (ShufflePartitions sized = ShufflePartitions.sizedTo(ctx.spark(), read)) {

            progress.begin("resolve people, organizations, emails, phones" + (kind == Kind.QOZB ? ", properties" : ""));
            String region = ctx.config().rules().phoneRegion();
            // Staged once: every table below reads the parsed phones, keys and field checks instead of recomputing them
            // (at scale 100 each of the ten staged outputs of QOZB re-ran the phone parser on 2.1 M records).
            // A small input reads them once into memory for all of them (ShufflePartitions.readOnce), as it does the
            // plan.
            Dataset<Row> normalized = ShufflePartitions.readOnce(
                    store.stage(
                            Phase.NORMALIZED,
                            () -> kind == Kind.QOZB
                                    ? SourcePlans.normalizeQozb(input, region)
                                    : SourcePlans.normalizeFamilyOffice(input, region)),
                    read);
            ChangePlan.Staged staged = null;
            try {
                String source = file.getFileName().toString();
                SourcePlans.Plan plan = kind == Kind.QOZB
                        ? SourcePlans.qozb(normalized, source)
                        : SourcePlans.familyOffice(normalized, source);
                if (!kind.tables.equals(plan.tables().keySet())) {
                    throw new IllegalStateException(kind + " must list the staged tables "
                            + plan.tables().keySet());
                }
                // Its figures observed as it is written: every reject, and the whole records lost (the malformed
                // ones; a field reject keeps its record, without the bad value).
                RunStore.Observed rejects = store.stageObserved(
                        Phase.REJECTS,
                        () -> plan.rejects().unionAll(CsvSource.Parsed.malformed(records)),
                        Map.of(
                                REJECTS,
                                count(lit(1)),
                                RECORDS_REJECTED,
                                sum(when(col(Rejects.FIELD).isNull(), 1L).otherwise(0L))));
                store.write(Phase.REPAIRS, plan::repairs);
                staged = ImportRunner.forLoad(store.stagePlan(kind.tables, plan::tables), read);
                long people = staged.rows().get(StagedTable.PEOPLE);
                progress.done("people", people);

                Map<String, Long> phases = new LinkedHashMap<>();
                phases.put(Figure.RECORDS_READ, read);
                phases.put(Figure.SOURCE_PEOPLE, people);
                phases.put(Figure.SOURCE_ORGANIZATIONS, staged.rows().get(StagedTable.ORGANIZATIONS));
                if (kind == Kind.QOZB) {
                    phases.put(Figure.SOURCE_PROPERTIES, staged.rows().get(StagedTable.PROPERTIES));
                }
                phases.put(Figure.REJECTS, rejects.figure(REJECTS));
                phases.put(Figure.REPAIRED_FIELDS, store.rows(Phase.REPAIRS));
                long rejected = rejects.figure(RECORDS_REJECTED);
                return ImportRunner.finish(
                                ctx, store, progress, kind.job, started, read, rejected, 0, staged, null, phases)
                        .completed(t0, List.of());
            } finally {
                if (staged != null) {
                    staged.unpersist();
                }
                normalized.unpersist();
            }
        }
    }
}
