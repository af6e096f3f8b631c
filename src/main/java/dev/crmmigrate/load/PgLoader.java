package dev.crmmigrate.load;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Faults;
import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The PostgreSQL sink, in three rooms: (1) {@link Preflight} of every table and column it writes; (2) the
 * {@link StagingTables staging writer}: each Spark partition COPYs its staged rows into an UNLOGGED staging table;
 * (3) the {@link LoadTransaction}: ONE transaction of set-based {@code INSERT … ON CONFLICT} / {@code UPDATE}
 * statements, with the {@link LateMatches late matches}, moves everything into the CRM and records the run in the
 * {@link RunLog}. A crash at any moment leaves the CRM untouched or fully migrated; a re-run inserts and updates
 * nothing because every statement skips rows that are already there.
 */
public final class PgLoader {
    private final Database db;
    private final List<String> leadStatusScale;
    private final boolean maintenanceWindow;

    /** A loader that keeps the CRM usable during its transaction (foreign keys checked per row). */
    public PgLoader(Database db, List<String> leadStatusScale) {
        this(db, leadStatusScale, false);
    }

    /**
     * @param maintenanceWindow foreign keys of each table the transaction inserts into are checked once after its
     *     statements instead of per row, which locks the referenced tables against the application until the commit
     *     ({@link dev.crmmigrate.config.LoadSettings})
     */
    public PgLoader(Database db, List<String> leadStatusScale, boolean maintenanceWindow) {
        this.db = db;
        this.leadStatusScale = List.copyOf(leadStatusScale);
        this.maintenanceWindow = maintenanceWindow;
    }

    /**
     * Loads the staged tables of one run.
     *
     * @param planned the figures the plan expects; stored beside the actual ones in migration_runs
     */
    public LoadResult load(
            String runId,
            String job,
            Instant startedAt,
            Map<StagedTable, Dataset<Row>> staged,
            Map<String, Long> planned) {
        return load(runId, job, startedAt, staged, null, planned);
    }

    /**
     * Loads the staged tables of one run.
     *
     * @param rows the rows staged per table when the plan counted them as it was written; null: each table is
     *     checked for rows here (a small Spark job each)
     * @param planned the figures the plan expects; stored beside the actual ones in migration_runs
     */
    public LoadResult load(
            String runId,
            String job,
            Instant startedAt,
            Map<StagedTable, Dataset<Row>> staged,
            Map<StagedTable, Long> rows,
            Map<String, Long> planned) {
        long t0 = System.nanoTime();
        Preflight.check(db, staged.keySet());
        Optional<RunLog.Recorded> before = RunLog.recorded(db, runId);
        if (before.isPresent()) {
            return new LoadResult(runId, before.get().actual(), true, 0, Map.of(), Map.of());
        }
        StagingTables stage = new StagingTables(db, runId);
        // A table with nothing staged (all a re-run stages) costs no staging table, no COPY and no statement.
        Set<StagedTable> empty = rows != null ? counted(staged.keySet(), rows) : emptyTables(staged);
        Map<StagedTable, DirectCopy.Encoded> direct = new EnumMap<>(StagedTable.class);
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("preflight, empty tables", (System.nanoTime() - t0) / 1e9);
        LoadTransaction.Result done;
        try {
            // Encoding for the direct path starts first and runs while the other tables are copied into staging.
            long t1 = System.nanoTime();
            directCandidates(staged.keySet(), empty)
                    .forEach(t -> direct.put(t, DirectCopy.Encoded.start(t, staged.get(t))));
            timings.put("empty targets found, their encoding started", (System.nanoTime() - t1) / 1e9);
            Set<StagedTable> viaStage = EnumSet.noneOf(StagedTable.class);
            staged.keySet().stream()
                    .filter(t -> !direct.containsKey(t) && !empty.contains(t))
                    .forEach(viaStage::add);
            stage.create(viaStage);
            Map<StagedTable, Long> copied = new EnumMap<>(StagedTable.class);
            for (StagedTable t : viaStage) {
                long t2 = System.nanoTime();
                copied.put(t, stage.copy(t, staged.get(t)));
                timings.put("copy " + t.stageName() + " into staging", (System.nanoTime() - t2) / 1e9);
            }
            Faults.point(Faults.Point.LOAD_BEFORE_TRANSACTION);
            done = new LoadTransaction(db, stage, leadStatusScale, maintenanceWindow, timings)
                    .commit(new LoadTransaction.Request(runId, job, startedAt, staged, planned, direct, empty, copied));
        } finally {
            direct.values().forEach(DirectCopy.Encoded::close);
        }
        stage.drop(staged.keySet());
        long t3 = System.nanoTime();
        analyzeChanged(staged.keySet(), done.actual());
        timings.put("statistics of the changed tables", (System.nanoTime() - t3) / 1e9);
        Map<StagedTable, LoadResult.Path> paths = new EnumMap<>(StagedTable.class);
        staged.keySet()
                .forEach(t -> paths.put(
                        t,
                        empty.contains(t)
                                ? LoadResult.Path.NOTHING_STAGED
                                : done.direct().contains(t) ? LoadResult.Path.DIRECT_COPY : LoadResult.Path.STAGED));
        return new LoadResult(runId, done.actual(), false, (System.nanoTime() - t0) / 1e9, paths, timings);
    }

    /**
     * Fresh statistics for every CRM table the load changed, after its commit. A bulk load leaves the planner guessing
     * (a table never analyzed is taken for 150 rows per key): the first queries on the migrated CRM, the follow-ups'
     * own among them, could pick a nested loop over whole tables and run for minutes instead of a second. Autovacuum
     * would analyze them a minute or more later; ANALYZE reads a sample, a fraction of a second per table.
     */
    private void analyzeChanged(Set<StagedTable> tables, Map<String, Long> actual) {
        Set<String> changed = new TreeSet<>();
        for (StagedTable t : tables) {
            if (t.statements.stream().anyMatch(s -> actual.getOrDefault(s.figure(), 0L) > 0)) {
                changed.add(t.target);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("SET application_name = 'crm-migrate analyze'");
            for (String table : changed) {
                st.execute("ANALYZE " + Identifiers.quote(table));
            }
        } catch (SQLException e) {
            // The load has committed: statistics are an optimisation that autovacuum also makes, never a failure.
            System.err.println("crm-migrate: ANALYZE after the load failed (autovacuum will do it): " + e.getMessage());
        }
    }

    /** The tables the plan counted no row for. */
    private static Set<StagedTable> counted(Set<StagedTable> tables, Map<StagedTable, Long> rows) {
        Set<StagedTable> out = EnumSet.noneOf(StagedTable.class);
        for (StagedTable t : tables) {
            Long n = rows.get(t);
            if (n == null) {
                throw new IllegalArgumentException("the plan has no row count for " + t);
            }
            if (n == 0) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The tables with no staged row: one tiny Spark job per table, run side by side (one after another they cost more
     * than the rest of a re-run's load).
     */
    private static Set<StagedTable> emptyTables(Map<StagedTable, Dataset<Row>> staged) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, staged.size()));
        try {
            Map<StagedTable, Future<Boolean>> checks = new EnumMap<>(StagedTable.class);
            staged.forEach((t, ds) -> checks.put(t, pool.submit(ds::isEmpty)));
            Set<StagedTable> out = EnumSet.noneOf(StagedTable.class);
            for (Map.Entry<StagedTable, Future<Boolean>> e : checks.entrySet()) {
                if (e.getValue().get()) {
                    out.add(e.getKey());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.runtime("interrupted while reading the staged tables");
        } catch (ExecutionException e) {
            throw Errors.runtime(
                    "reading the staged tables failed: %s", e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The tables that may take the direct path: qualified, and with an empty target right now (checked again later).
     */
    private Set<StagedTable> directCandidates(Set<StagedTable> tables, Set<StagedTable> empty) {
        Set<StagedTable> out = EnumSet.noneOf(StagedTable.class);
        try (Connection c = db.open()) {
            for (StagedTable t : tables) {
                if (t.directCopy && !empty.contains(t) && DirectCopy.targetEmpty(c, t)) {
                    out.add(t);
                }
            }
        } catch (SQLException e) {
            throw Errors.database("checking which targets are empty", db.safeUrl(), e);
        }
        return out;
    }
}
