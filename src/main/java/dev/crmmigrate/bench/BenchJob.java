package dev.crmmigrate.bench;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.db.ScratchDatabases;
import dev.crmmigrate.demo.DemoGenerator;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.SeedLegacyJob;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.load.CopyWriter;
import dev.crmmigrate.load.LoadResult;
import dev.crmmigrate.load.PgLoader;
import dev.crmmigrate.resolve.Changes;
import dev.crmmigrate.resolve.CrmSnapshot;
import dev.crmmigrate.stage.ChangePlan;
import dev.crmmigrate.stage.StagedTable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.postgresql.PGConnection;

/**
 * {@code bench}: the contacts import per scale (wall time per phase, rows per second, peak driver heap) and the load
 * path side by side on the same staged rows: raw COPY into empty indexed tables (the limit), our loader (COPY into
 * staging + the upsert transaction, then a no-op re-run), and Spark's JDBC writer with reWriteBatchedInserts.
 */
public final class BenchJob {
    /**
     * What a bench run measured: each scale, the 8-contact import (with {@code --cold}; else null), then the load
     * paths side by side at the largest.
     */
    public record Outcome(List<ScaleResult> scales, Small small, LoadPath loadPath) {}

    /**
     * One scale's contacts import.
     *
     * @param cold the same import in a JVM of its own on a copy of the same database ({@code --cold}; else null)
     */
    public record ScaleResult(
            double scale,
            long contacts,
            double generateSeconds,
            double importSeconds,
            Map<String, Double> phases,
            long peakHeapBytes,
            Rerun rerun,
            Peer peer,
            ColdImport.Result cold) {}

    /** The smallest import a user runs: {@value #SMALL_CONTACTS} legacy contacts into an empty CRM, cold. */
    public record Small(long contacts, ColdImport.Result cold, double peerSeconds) {}

    public static final int SMALL_CONTACTS = 8;

    /**
     * The SQL peer on a copy of the same database (legacy table and CRM before the contacts import): its seconds and
     * whether it left the same row counts in the eight CRM tables as the import (tables whose counts differ, if any).
     */
    public record Peer(double seconds, List<String> differingTables) {}

    /**
     * A second contacts import right after the first (a new run on the same sources): it plans against the CRM the
     * first one filled, so it should change nothing; its load phase is the product's no-op re-run of the load.
     */
    public record Rerun(double importSeconds, double loadSeconds, long rowsChanged) {}

    /** Scales up to this one also time a re-run. */
    public static final double RERUN_UP_TO = 10;

    /**
     * The load path on one set of staged rows (people + emails): seconds of each path, the best of {@link #REPEATS}
     * runs on a fresh database each, after one warm-up read of the staged rows; the loader's own step timings.
     */
    public record LoadPath(
            long rows,
            double rawCopy,
            double loader,
            double rerunPlan,
            double rerunLoad,
            double sameRowsAgain,
            double sparkJdbc,
            Map<String, Double> loaderSteps,
            Map<String, Double> rerunSteps,
            Map<String, Double> sameRowsSteps) {}

    public static final int REPEATS = 2;

    private BenchJob() {}

    /** The demo data set of a scale, and a fresh database holding its legacy tables and an empty CRM. */
    private record Seeded(Path data, Database db, double generateSeconds) {}

    /**
     * The demo data set of {@code scale} under {@code benchDir} (generated once, seed 42; its seconds, 0 when it was
     * there), seeded into a fresh database {@code name} with the CRM schema.
     */
    private static Seeded seeded(JobContext admin, double scale, Path benchDir, String name) {
        Path data = benchDir.resolve("data-" + scale);
        double generate = 0;
        if (!Files.exists(data.resolve("expected.json"))) {
            long t = System.nanoTime();
            new DemoGenerator(admin.spark()).generate(scale, 42, data);
            generate = (System.nanoTime() - t) / 1e9;
        }
        Database db = ScratchDatabases.fresh(admin.target(), name);
        SeedLegacyJob.run(db, data);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        return new Seeded(data, db, generate);
    }

    /**
     * Runs one scale in a database of its own (created on the target server) and returns its figures.
     *
     * @param cold also time the import in a JVM of its own ({@link ColdImport}) on a copy of the same database
     */
    public static ScaleResult scale(JobContext admin, double scale, Path benchDir, boolean cold) {
        Seeded seeded =
                seeded(admin, scale, benchDir, "bench_" + String.valueOf(scale).replace('.', '_'));
        Path data = seeded.data();
        Database db = seeded.db();
        double generate = seeded.generateSeconds();
        JobContext ctx =
                new JobContext(admin.config().withWorkDir(benchDir.resolve("work-" + scale)), admin.spark(), db, db);
        SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, data.resolve("crm/qozb_properties.csv"));
        SourceImportJob.run(ctx, SourceImportJob.Kind.FAMILY_OFFICE, data.resolve("crm/family_office_contacts.csv"));
        Database peerDb = ScratchDatabases.copyOf(
                admin.target(), db, "bench_peer_" + String.valueOf(scale).replace('.', '_'));
        double peerSeconds = SqlPeer.run(peerDb, true);
        ColdImport.Result coldResult = null;
        if (cold) {
            String name = String.valueOf(scale).replace('.', '_');
            Database coldDb = ScratchDatabases.copyOf(admin.target(), db, "bench_cold_" + name);
            coldResult = ColdImport.run(
                    coldDb, benchDir.resolve("cold-work-" + scale), benchDir.resolve("cold-import-" + scale + ".log"));
        }
        ImportOutcome c;
        long peak;
        try (HeapSampler heap = new HeapSampler()) {
            c = ContactsImportJob.run(ctx);
            peak = heap.peak();
        }
        Rerun rerun = null;
        if (scale <= RERUN_UP_TO) {
            ImportOutcome again = ContactsImportJob.run(ctx);
            rerun = new Rerun(
                    again.seconds(),
                    loadSeconds(again),
                    again.actual().values().stream().mapToLong(Long::longValue).sum());
        }
        Map<String, Long> ours = SqlPeer.counts(db);
        Map<String, Long> theirs = SqlPeer.counts(peerDb);
        List<String> differing = ours.keySet().stream()
                .filter(t -> !ours.get(t).equals(theirs.get(t)))
                .map(t -> t + " " + ours.get(t) + " vs " + theirs.get(t))
                .toList();
        return new ScaleResult(
                scale,
                c.read(),
                generate,
                c.seconds(),
                c.phaseSeconds(),
                peak,
                rerun,
                new Peer(peerSeconds, differing),
                coldResult);
    }

    /**
     * The {@value #SMALL_CONTACTS}-contact import as a user runs it: the demo's legacy tables at scale 0.01 cut to
     * their first contacts (and those contacts' campaign rows), an empty CRM, {@code import contacts} in a JVM of its
     * own; the SQL peer on a copy of the same database.
     */
    public static Small small(JobContext admin, Path benchDir) {
        Database db = seeded(admin, 0.01, benchDir, "bench_small").db();
        try (Connection c = db.open();
                var st = c.createStatement()) {
            String kept = "(SELECT id FROM contacts ORDER BY id LIMIT " + SMALL_CONTACTS + ")";
            st.execute("DELETE FROM campaign_recipients WHERE contact_id NOT IN " + kept);
            st.execute("DELETE FROM contacts WHERE id NOT IN " + kept);
        } catch (SQLException e) {
            throw Errors.database("cutting the legacy contacts to " + SMALL_CONTACTS, db.safeUrl(), e);
        }
        Database peerDb = ScratchDatabases.copyOf(admin.target(), db, "bench_small_peer");
        double peer = SqlPeer.run(peerDb, true);
        ColdImport.Result cold =
                ColdImport.run(db, benchDir.resolve("cold-work-small"), benchDir.resolve("cold-import-small.log"));
        return new Small(SMALL_CONTACTS, cold, peer);
    }

    /** Seconds of an import's load phase. */
    public static double loadSeconds(ImportOutcome o) {
        return loadSeconds(o.phaseSeconds());
    }

    public static double loadSeconds(Map<String, Double> phases) {
        return phases.entrySet().stream()
                .filter(e -> e.getKey().startsWith("load"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** The load path comparison on the people and emails staged by the newest contacts run of a scale. */
    public static LoadPath loadPath(JobContext admin, Path runDir, List<String> leadScale) {
        Dataset<Row> people = ChangePlan.table(admin.spark(), runDir, StagedTable.PEOPLE);
        Dataset<Row> emails = ChangePlan.table(admin.spark(), runDir, StagedTable.EMAILS);
        long rows = people.count() + emails.count();
        // Warm-up: the first read of the staged files and the first JIT of the encoders are nobody's cost.
        people.foreach((ForeachFunction<Row>) r -> {});
        emails.foreach((ForeachFunction<Row>) r -> {});

        double rawCopy = Double.MAX_VALUE;
        double plan = Double.MAX_VALUE;
        double sparkJdbc = Double.MAX_VALUE;
        BestLoad first = new BestLoad();
        BestLoad rerun = new BestLoad();
        BestLoad same = new BestLoad();
        Map<StagedTable, Dataset<Row>> staged = new EnumMap<>(StagedTable.class);
        staged.put(StagedTable.PEOPLE, people);
        staged.put(StagedTable.EMAILS, emails);
        for (int i = 0; i < REPEATS; i++) {
            Database raw = freshCrm(admin.target(), "bench_raw_copy");
            long t = System.nanoTime();
            copyInto(raw, people, StagedTable.PEOPLE, "people");
            copyInto(raw, emails, StagedTable.EMAILS, "emails");
            rawCopy = Math.min(rawCopy, (System.nanoTime() - t) / 1e9);

            Database ours = freshCrm(admin.target(), "bench_loader");
            PgLoader loader = new PgLoader(ours, leadScale);
            first.time(() -> loader.load("bench_first", "bench", Instant.now(), staged, Map.of()));
            // A re-run as the import does it: plan against the CRM (stage only what changes it), then load that.
            t = System.nanoTime();
            Map<StagedTable, Dataset<Row>> changes = stageChanges(
                    admin,
                    staged,
                    new CrmSnapshot(admin.spark(), ours),
                    leadScale,
                    runDir.resolveSibling("bench-rerun-plan"));
            plan = Math.min(plan, (System.nanoTime() - t) / 1e9);
            String rerunId = "bench_rerun_" + i;
            rerun.time(() -> loader.load(rerunId, "bench", Instant.now(), changes, Map.of()));
            // The loader alone given every row again: what the database's own skipping of known rows costs.
            String sameId = "bench_same_rows_" + i;
            same.time(() -> loader.load(sameId, "bench", Instant.now(), staged, Map.of()));

            Database jdbc = freshCrm(admin.target(), "bench_spark_jdbc");
            Properties props = jdbc.connectionProperties();
            props.setProperty("stringtype", "unspecified");
            props.setProperty("reWriteBatchedInserts", "true");
            t = System.nanoTime();
            people.write().mode("append").option("batchsize", "10000").jdbc(jdbc.url(), "people", props);
            emails.write().mode("append").option("batchsize", "10000").jdbc(jdbc.url(), "emails", props);
            sparkJdbc = Math.min(sparkJdbc, (System.nanoTime() - t) / 1e9);
        }
        return new LoadPath(
                rows,
                rawCopy,
                first.seconds,
                plan,
                rerun.seconds,
                same.seconds,
                sparkJdbc,
                first.steps,
                rerun.steps,
                same.steps);
    }

    /** The fastest of several timed loads, with its step timings. */
    private static final class BestLoad {
        double seconds = Double.MAX_VALUE;
        Map<String, Double> steps = Map.of();

        void time(Supplier<LoadResult> load) {
            long t = System.nanoTime();
            LoadResult r = load.get();
            double s = (System.nanoTime() - t) / 1e9;
            if (s < seconds) {
                seconds = s;
                steps = r.stepSeconds();
            }
        }
    }

    /** What the contacts import does on a re-run: each table's {@link Changes} against the CRM, staged in Delta. */
    private static Map<StagedTable, Dataset<Row>> stageChanges(
            JobContext admin,
            Map<StagedTable, Dataset<Row>> staged,
            CrmSnapshot crm,
            List<String> leadScale,
            Path dir) {
        Map<StagedTable, Dataset<Row>> out = new EnumMap<>(StagedTable.class);
        staged.forEach((t, ds) -> {
            String path = dir.resolve(t.stageName()).toString();
            Changes.of(t, ds, crm, leadScale)
                    .write()
                    .format("delta")
                    .mode("overwrite")
                    .save(path);
            out.put(t, admin.spark().read().format("delta").load(path));
        });
        return out;
    }

    /** Raw COPY straight into the target table, every partition in parallel: no staging, no conflict handling. */
    private static void copyInto(Database db, Dataset<Row> rows, StagedTable kind, String table) {
        String url = db.url();
        Properties props = db.connectionProperties();
        List<StagedTable.Col> cols = kind.columns;
        String sql = "COPY " + table + " (" + String.join(", ", kind.columnNames()) + ") FROM STDIN WITH (FORMAT csv)";
        rows.foreachPartition((ForeachPartitionFunction<Row>) it -> copy(url, props, sql, cols, it));
    }

    private static void copy(String url, Properties props, String sql, List<StagedTable.Col> cols, Iterator<Row> it)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url, props)) {
            CopyWriter.stream(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql), -1, it, cols, () -> {});
        }
    }

    private static Database freshCrm(Database admin, String name) {
        Database db = ScratchDatabases.fresh(admin, name);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        return db;
    }

    /**
     * The driver's heap in use (garbage not yet collected included), sampled every 50 ms: its maximum never exceeds the
     * heap limit, unlike the sum of the memory pools' separate high-water marks.
     */
    static final class HeapSampler implements AutoCloseable {
        private final AtomicLong max = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crm-migrate-heap-sampler");
            t.setDaemon(true);
            return t;
        });

        HeapSampler() {
            timer.scheduleAtFixedRate(
                    () -> max.accumulateAndGet(
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed(),
                            Math::max),
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
        }

        long peak() {
            return max.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /**
     * The first contacts import run under a bench work dir: the one that loaded the CRM (a re-run after it stages only
     * what it would change).
     */
    public static Path firstContactsRun(Path work) {
        try (var s = Files.list(work.resolve("runs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(ContactsImportJob.JOB))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> Errors.runtime("no contacts import run under %s", work));
        } catch (IOException e) {
            throw Errors.runtime("no contacts import run under %s", work);
        }
    }
}
