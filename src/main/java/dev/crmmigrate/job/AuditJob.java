package dev.crmmigrate.job;

import static org.apache.spark.sql.functions.col;

import dev.crmmigrate.audit.AuditResult;
import dev.crmmigrate.audit.CompanyOverlapAudit;
import dev.crmmigrate.audit.ContactsAnalysisAudit;
import dev.crmmigrate.audit.EmailOverlapAudit;
import dev.crmmigrate.audit.Metric;
import dev.crmmigrate.audit.MetricHistory;
import dev.crmmigrate.normalize.NormalizeColumns;
import dev.crmmigrate.resolve.ContactsResolver;
import dev.crmmigrate.resolve.CrmSnapshot;
import dev.crmmigrate.source.CsvSource;
import dev.crmmigrate.source.JdbcSource;
import dev.crmmigrate.source.OutreachLists;
import dev.crmmigrate.source.Rejects;
import dev.crmmigrate.spark.Progress;
import dev.crmmigrate.spark.ShufflePartitions;
import dev.crmmigrate.stage.RunIds;
import dev.crmmigrate.stage.RunStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code audit emails|companies|contacts|all}: read the lists, the CRM and the legacy contacts; compute the audits;
 * keep their row-level results as Delta tables of the run and append their metrics to the Delta history.
 */
public final class AuditJob {
    public static final Set<String> ALL = Set.of("emails", "companies", "contacts");

    private AuditJob() {}

    public static AuditOutcome run(JobContext ctx, Path listsDir, Set<String> which) {
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        String runId = RunIds.next("audit");
        RunStore store = RunStore.open(ctx.spark(), ctx.config().auditDir().resolve("runs"), "audit", runId);
        CrmSnapshot crm = new CrmSnapshot(ctx.spark(), ctx.target());
        Progress progress = new Progress("audit", which.size() + 1);
        List<AuditResult> results = new ArrayList<>();
        long listRejects = 0;
        long contactRows = which.contains("contacts") ? JdbcSource.estimatedRows(ctx.source(), "contacts") : 0;

        Dataset<Row> lists = null;
        Dataset<Row> stagedLists = null;
        List<OutreachLists.FileRead> files = List.of();
        long listRows = 0;
        if (which.contains("emails") || which.contains("companies")) {
            progress.begin("read outreach lists in " + listsDir);
            OutreachLists.Read read =
                    OutreachLists.readAll(ctx.spark(), listsDir, ctx.config().lists());
            files = read.files();
            stagedLists = store.stage("lists", read::records);
            listRows = store.rows("lists");
            progress.done("list rows", listRows);
        }
        // Shuffle partitions, adaptive execution and code generation sized to the larger input until the audit ends.
        long size = Math.max(listRows, contactRows);
        try (ShufflePartitions sized = ShufflePartitions.sizedTo(ctx.spark(), size);
                Inputs in = new Inputs(store, size)) {
            if (stagedLists != null) {
                Dataset<Row> records = in.once(stagedLists);
                Dataset<Row> sanitized =
                        NormalizeColumns.sanitize(CsvSource.Parsed.good(records), OutreachLists.FIELDS);
                lists = sanitized.drop(NormalizeColumns.FIELD_ISSUES);
                store.write(
                        "list_rejects",
                        () -> CsvSource.Parsed.malformed(records)
                                .unionByName(Rejects.fieldLimits(sanitized, "lists", col(CsvSource.SOURCE_FILE))));
                listRejects = store.rows("list_rejects");
            }
            if (which.contains("emails")) {
                progress.begin("email overlap");
                Dataset<Row> sources = in.read("crm_email_sources", crm::emailSources);
                results.add(keep(store, EmailOverlapAudit.run(lists, sources)));
                progress.done("unique outreach emails", (long)
                        results.get(results.size() - 1).value("unique_outreach_emails"));
            }
            if (which.contains("companies")) {
                progress.begin("company overlap");
                Dataset<Row> orgs = in.read("crm_organization_sources", crm::organizationSources);
                results.add(keep(
                        store,
                        CompanyOverlapAudit.run(
                                lists, orgs, ctx.config().rules().legalSuffixes())));
                progress.done("unique outreach companies", (long)
                        results.get(results.size() - 1).value("unique_outreach_companies"));
            }
            if (which.contains("contacts")) {
                progress.begin("contacts vs CRM analysis");
                ContactsResolver resolver = new ContactsResolver(
                        ctx.config().rules().phoneRegion(), ctx.config().rules().leadStatusScale());
                Dataset<Row> contacts = in.read(
                        "contacts",
                        () -> resolver.normalize(JdbcSource.read(ctx.spark(), ctx.source(), "contacts", "id")));
                results.add(keep(
                        store,
                        ContactsAnalysisAudit.run(
                                contacts,
                                in.read("crm_emails", crm::emails),
                                in.read("crm_phones", crm::phones),
                                in.read("crm_organizations", crm::organizations))));
                progress.done("contacts", (long) results.get(results.size() - 1).value("total_contacts"));
            }
            List<Metric> all =
                    results.stream().flatMap(r -> r.metrics().stream()).toList();
            new MetricHistory(ctx.spark(), ctx.config().auditDir().resolve("metrics")).append(runId, now, all);
            store.markCommitted();
            return new AuditOutcome(
                    runId, results, listRejects, (System.nanoTime() - t0) / 1e9, sample(results), files);
        }
    }

    /**
     * The inputs of an audit, each read by several of its queries. A small audit reads each once into memory: a scan
     * of a Delta table is a file-listing job of its own, and a snapshot of a CRM table staged in Delta was a write and
     * a commit for a table read by a few queries of this run only. A large audit stages what it reads from a database
     * (one read of the database, resumable) and lets each query scan its Delta tables.
     */
    private static final class Inputs implements AutoCloseable {
        private final RunStore store;
        private final long rows;
        private final List<Dataset<Row>> held = new ArrayList<>();

        Inputs(RunStore store, long rows) {
            this.store = store;
            this.rows = rows;
        }

        /** A staged table, read once into memory when small ({@link ShufflePartitions#readOnce}). */
        Dataset<Row> once(Dataset<Row> staged) {
            Dataset<Row> once = ShufflePartitions.readOnce(staged, rows);
            held.add(once);
            return once;
        }

        /** A table read from a database: into memory when small, else staged in Delta as {@code phase}. */
        Dataset<Row> read(String phase, Supplier<Dataset<Row>> read) {
            if (ShufflePartitions.adaptive(rows)) {
                return store.stage(phase, read);
            }
            Dataset<Row> once = read.get().persist(StorageLevel.MEMORY_AND_DISK());
            held.add(once);
            return once;
        }

        @Override
        public void close() {
            held.forEach(Dataset::unpersist);
        }
    }

    /** A bounded sample of overlapping addresses for drill-down in reports (the whole result is a Delta table). */
    private static List<String[]> sample(List<AuditResult> results) {
        return results.stream()
                .filter(r -> r.audit().equals(EmailOverlapAudit.NAME))
                .findFirst()
                .map(r -> r.rows().get("email_overlap_rows").orderBy("address").limit(10).collectAsList().stream()
                        .map(x -> new String[] {
                            x.getString(x.fieldIndex("address")),
                            String.join(", ", x.<String>getList(x.fieldIndex("lists"))),
                            String.join(", ", x.<String>getList(x.fieldIndex("sources")))
                        })
                        .toList())
                .orElse(List.of());
    }

    /** Stages the audit's row-level results as Delta tables of the run and returns the result reading them. */
    private static AuditResult keep(RunStore store, AuditResult r) {
        Map<String, Dataset<Row>> kept = new LinkedHashMap<>();
        r.rows().forEach((name, ds) -> kept.put(name, store.stage(name, () -> ds)));
        return new AuditResult(r.audit(), r.metrics(), kept);
    }
}
