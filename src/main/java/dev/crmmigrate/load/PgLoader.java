package dev.crmmigrate.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.Errors;
import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.normalize.Emails;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.StagedTable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL sink. (1) Preflight of every table and column it writes. (2) Each Spark partition COPYs its staged
 * rows into an UNLOGGED staging table, in its own transaction that first deletes what an earlier attempt of the
 * same partition left, so a retried task never duplicates rows. (3) ONE transaction of set-based
 * {@code INSERT … ON CONFLICT} / {@code UPDATE} statements moves everything into the CRM and records the run in
 * {@code migration_runs}. A crash at any moment leaves the CRM untouched or fully migrated; a re-run inserts and
 * updates nothing because every statement skips rows that are already there.
 */
public final class PgLoader {
    public static final String STAGE_SCHEMA = "crm_migrate_stage";
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

    /** The newest succeeded run of each job in migration_runs (its planned vs actual is the meaningful one). */
    public List<String> latestRuns() {
        List<String> out = new ArrayList<>();
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select distinct on (job) run_id from migration_runs "
                        + "where status = 'succeeded' order by job, finished_at desc")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw Errors.database("reading migration_runs", db.safeUrl(), e);
        }
        return out;
    }

    /** True when migration_runs holds a committed row for this run id. */
    public boolean alreadyLoaded(String runId) {
        try (Connection c = db.open();
                PreparedStatement ps =
                        c.prepareStatement("select 1 from migration_runs where run_id = ? and status = 'succeeded'")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Errors.database("reading migration_runs", db.safeUrl(), e);
        }
    }

    /** The planned and actual figures a committed run recorded, or null when the run has not been loaded. */
    public Map<String, Map<String, Long>> recorded(String runId) {
        try (Connection c = db.open();
                PreparedStatement ps =
                        c.prepareStatement("select planned::text, actual::text from migration_runs where run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                ObjectMapper json = new ObjectMapper();
                TypeReference<Map<String, Long>> type = new TypeReference<>() {};
                return Map.of(
                        "planned",
                        json.readValue(rs.getString(1), type),
                        "actual",
                        json.readValue(rs.getString(2), type));
            }
        } catch (SQLException | IOException e) {
            throw Errors.runtime("reading migration_runs for %s failed: %s", runId, e.getMessage());
        }
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
        Map<String, Map<String, Long>> before = recorded(runId);
        if (before != null) {
            return new LoadResult(runId, before.get("actual"), true, 0, Map.of(), Map.of());
        }
        String prefix = "r" + Integer.toHexString(runId.hashCode() & 0x7fffffff) + "_";
        // A table with nothing staged (all a re-run stages) costs no staging table, no COPY and no statement.
        Set<StagedTable> empty = rows != null ? counted(staged.keySet(), rows) : emptyTables(staged);
        Map<StagedTable, DirectCopy.Encoded> direct = new EnumMap<>(StagedTable.class);
        Set<StagedTable> directDone = EnumSet.noneOf(StagedTable.class);
        Map<String, Long> actual;
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("preflight, empty tables", (System.nanoTime() - t0) / 1e9);
        try {
            // Encoding for the direct path starts first and runs while the other tables are copied into staging.
            long t1 = System.nanoTime();
            directCandidates(staged.keySet(), empty)
                    .forEach(t -> direct.put(t, DirectCopy.Encoded.start(t, staged.get(t))));
            timings.put("empty targets found, their encoding started", (System.nanoTime() - t1) / 1e9);
            Map<StagedTable, Dataset<Row>> viaStage = new EnumMap<>(StagedTable.class);
            staged.forEach((t, ds) -> {
                if (!direct.containsKey(t) && !empty.contains(t)) {
                    viaStage.put(t, ds);
                }
            });
            createStagingTables(prefix, viaStage.keySet());
            Map<StagedTable, Long> copied = new EnumMap<>(StagedTable.class);
            viaStage.forEach((t, ds) -> copyTimed(prefix, t, ds, copied, timings));
            dev.crmmigrate.Faults.point("load:before-transaction");
            actual = upsert(new Txn(
                    prefix, runId, job, startedAt, staged, planned, direct, empty, copied, directDone, timings));
        } finally {
            direct.values().forEach(DirectCopy.Encoded::close);
        }
        dropStagingTables(prefix, staged.keySet());
        Map<StagedTable, LoadResult.Path> paths = new EnumMap<>(StagedTable.class);
        staged.keySet()
                .forEach(t -> paths.put(
                        t,
                        empty.contains(t)
                                ? LoadResult.Path.NOTHING_STAGED
                                : directDone.contains(t) ? LoadResult.Path.DIRECT_COPY : LoadResult.Path.STAGED));
        return new LoadResult(runId, actual, false, (System.nanoTime() - t0) / 1e9, paths, timings);
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

    private void copyTimed(
            String prefix, StagedTable t, Dataset<Row> ds, Map<StagedTable, Long> copied, Map<String, Double> timings) {
        long t0 = System.nanoTime();
        copied.put(t, copy(ds, stagingName(prefix, t), t));
        timings.put("copy " + t.stageName() + " into staging", (System.nanoTime() - t0) / 1e9);
    }

    static String stagingName(String prefix, StagedTable t) {
        return STAGE_SCHEMA + "." + Identifiers.requireValid("staging table", prefix + t.stageName());
    }

    private void createStagingTables(String prefix, Set<StagedTable> tables) {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + STAGE_SCHEMA);
            for (StagedTable t : tables) {
                StringBuilder ddl = new StringBuilder("CREATE UNLOGGED TABLE IF NOT EXISTS ")
                        .append(stagingName(prefix, t))
                        .append(" (_part int NOT NULL");
                for (StagedTable.Col col : t.columns) {
                    ddl.append(", ").append(col.name()).append(' ').append(col.pgType());
                }
                st.execute(ddl.append(')').toString());
            }
        } catch (SQLException e) {
            throw Errors.database("creating staging tables", db.safeUrl(), e);
        }
    }

    private void dropStagingTables(String prefix, Set<StagedTable> tables) {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            for (StagedTable t : tables) {
                st.execute("DROP TABLE IF EXISTS " + stagingName(prefix, t));
            }
        } catch (SQLException e) {
            throw Errors.database("dropping staging tables", db.safeUrl(), e);
        }
    }

    /**
     * COPY of every partition, in parallel on the executors; returns the rows copied. A Spark task that fails and is
     * retried (even after its transaction committed) deletes what its partition wrote before and writes it again.
     */
    static long copy(Dataset<Row> rows, String table, StagedTable kind, String url, Properties props) {
        List<StagedTable.Col> cols = kind.columns;
        String sql = "COPY " + table + " (_part, " + String.join(", ", kind.columnNames())
                + ") FROM STDIN WITH (FORMAT csv)";
        String delete = "DELETE FROM " + table + " WHERE _part = ?";
        Dataset<Row> ordered = rows.select(
                kind.columnNames()[0], Arrays.copyOfRange(kind.columnNames(), 1, kind.columnNames().length));
        // An earlier attempt of this run may have had more partitions: their rows would never be replaced.
        try (Connection c = DriverManager.getConnection(url, props);
                PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE _part >= ?")) {
            ps.setInt(1, ordered.rdd().getNumPartitions());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Errors.database("clearing " + table, dev.crmmigrate.Secrets.scrub(url), e);
        }
        LongAccumulator count = rows.sparkSession().sparkContext().longAccumulator("rows copied into " + table);
        ordered.foreachPartition(
                (ForeachPartitionFunction<Row>) it -> count.add(copyPartition(url, props, sql, delete, cols, it)));
        // Accumulators updated inside an action count each successful task once, retries included only once.
        return count.value();
    }

    private long copy(Dataset<Row> rows, String table, StagedTable kind) {
        return copy(rows, table, kind, db.url(), db.connectionProperties());
    }

    private static long copyPartition(
            String url, Properties props, String sql, String delete, List<StagedTable.Col> cols, Iterator<Row> rows)
            throws SQLException {
        TaskContext task = TaskContext.get();
        int part = task.partitionId();
        Properties named = new Properties();
        named.putAll(props);
        // Shows in pg_stat_activity which partition and attempt a backend serves.
        named.setProperty("ApplicationName", "crm-migrate copy p" + part + " a" + task.attemptNumber());
        try (Connection c = DriverManager.getConnection(url, named)) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(delete)) {
                del.setInt(1, part);
                del.executeUpdate();
            }
            long n = CopyWriter.stream(
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql),
                    part,
                    rows,
                    cols,
                    () -> dev.crmmigrate.Faults.point("copy:started"));
            dev.crmmigrate.Faults.point("copy:before-commit");
            c.commit();
            dev.crmmigrate.Faults.point("copy:after-commit");
            return n;
        }
    }

    /** What the load transaction works on. */
    private record Txn(
            String prefix,
            String runId,
            String job,
            Instant startedAt,
            Map<StagedTable, Dataset<Row>> staged,
            Map<String, Long> planned,
            Map<StagedTable, DirectCopy.Encoded> direct,
            Set<StagedTable> empty,
            Map<StagedTable, Long> copied,
            Set<StagedTable> directDone,
            Map<String, Double> timings) {}

    /** The one transaction. Each statement's row count is one figure of the result. */
    private Map<String, Long> upsert(Txn x) {
        String prefix = x.prefix();
        Map<StagedTable, Dataset<Row>> staged = x.staged();
        Map<StagedTable, Long> copied = x.copied();
        Map<String, Double> timings = x.timings();
        Map<String, Long> actual = new LinkedHashMap<>();
        Set<StagedTable> directDone = x.directDone();
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET application_name = 'crm-migrate load'");
                // One load at a time per database: a second crm-migrate waits here instead of interleaving.
                st.execute("SELECT pg_advisory_xact_lock(hashtext('crm-migrate-load'))");
                st.execute("SET LOCAL synchronous_commit = on");
                // The change log's images are compared as text by a rollback, in the same time zone.
                st.execute("SET LOCAL TimeZone = 'UTC'");
                // The statements sort and hash whole staged tables: in memory, not in temporary files.
                st.execute("SET LOCAL work_mem = '256MB'");
                st.execute("SET LOCAL maintenance_work_mem = '512MB'");
                if (!x.direct().isEmpty()) {
                    st.execute("LOCK TABLE "
                            + String.join(
                                    ", ",
                                    x.direct().keySet().stream()
                                            .map(t -> t.target)
                                            .toList()) + " IN SHARE ROW EXCLUSIVE MODE");
                    for (StagedTable t : x.direct().keySet()) {
                        long t0 = System.nanoTime();
                        if (DirectCopy.targetEmpty(c, t)) {
                            actual.put(
                                    t.insertFigure(),
                                    DirectCopy.copy(c, t, x.direct().get(t)));
                            logDirectCopy(c, t, x.runId());
                            directDone.add(t);
                            timings.put(
                                    "copy " + t.stageName() + " straight into " + t.target + " (empty)",
                                    (System.nanoTime() - t0) / 1e9);
                            timings.put(
                                    "waiting for the encoding of " + t.stageName(),
                                    x.direct().get(t).waited);
                        } else {
                            // Another writer filled it since the first look: this table takes the staged path after
                            // all.
                            createStagingTables(prefix, Set.of(t));
                            copyTimed(prefix, t, staged.get(t), copied, timings);
                        }
                    }
                }
                // UNLOGGED staging tables are emptied by a server crash: never upsert from a stage that lost rows.
                for (Map.Entry<StagedTable, Long> e : copied.entrySet()) {
                    // Fresh tables have no statistics; without them the planner guesses joins badly.
                    st.execute("ANALYZE " + stagingName(prefix, e.getKey()));
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + stagingName(prefix, e.getKey()))) {
                        rs.next();
                        if (rs.getLong(1) != e.getValue()) {
                            throw Errors.runtime(
                                    "staging table %s holds %,d rows where %,d were copied (did the server restart "
                                            + "during the load?); nothing was written to the CRM, run the import again",
                                    stagingName(prefix, e.getKey()), rs.getLong(1), e.getValue());
                        }
                    }
                }
            }
            // An empty people table locked since before its COPY leaves no signup to match late.
            if (staged.containsKey(StagedTable.PEOPLE)
                    && staged.containsKey(StagedTable.PERSON_EMAILS)
                    && !directDone.contains(StagedTable.PEOPLE)
                    && !x.empty().contains(StagedTable.PEOPLE)
                    && !x.empty().contains(StagedTable.PERSON_EMAILS)) {
                long t = System.nanoTime();
                actual.put(Figure.PEOPLE_MATCHED_LATE, matchLatePeople(c, prefix, staged.keySet()));
                timings.put("match late people", (System.nanoTime() - t) / 1e9);
            }
            Map<String, Object> params = Map.of(
                    "lead_scale",
                    c.createArrayOf("text", leadStatusScale.toArray()),
                    "email_statuses",
                    c.createArrayOf("text", Emails.STATUS_ORDER.toArray()),
                    "run_id",
                    x.runId());
            for (StagedTable table : StagedTable.values()) {
                if (!staged.containsKey(table)) {
                    continue;
                }
                boolean written = !directDone.contains(table) && !x.empty().contains(table);
                List<String> checkOnce =
                        maintenanceWindow && written ? ForeignKeys.dropOwn(c, table.target) : List.of();
                for (StagedTable.Statement statement : table.statements) {
                    if (!written) {
                        actual.putIfAbsent(statement.figure(), 0L);
                        continue;
                    }
                    NamedSql sql = NamedSql.parse(ChangeLog.logged(
                            table, statement, statement.sql().replace("{stg}", stagingName(prefix, table))));
                    try (PreparedStatement ps = c.prepareStatement(sql.jdbc())) {
                        sql.bind(ps, params);
                        long t = System.nanoTime();
                        actual.merge(statement.figure(), (long) ps.executeUpdate(), Long::sum);
                        timings.merge(statement.figure(), (System.nanoTime() - t) / 1e9, Double::sum);
                    }
                }
                if (!checkOnce.isEmpty()) {
                    long t = System.nanoTime();
                    ForeignKeys.addAgain(c, checkOnce);
                    timings.put("foreign keys of " + table.target + " checked once", (System.nanoTime() - t) / 1e9);
                }
            }
            ObjectMapper json = new ObjectMapper();
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO migration_runs (run_id, job, started_at, status, planned, actual) "
                            + "VALUES (?, ?, ?, 'succeeded', ?::jsonb, ?::jsonb)")) {
                ps.setString(1, x.runId());
                ps.setString(2, x.job());
                ps.setTimestamp(3, Timestamp.from(x.startedAt()));
                ps.setString(4, json.writeValueAsString(x.planned()));
                ps.setString(5, json.writeValueAsString(actual));
                ps.executeUpdate();
            }
            dev.crmmigrate.Faults.point("load:before-commit");
            long t = System.nanoTime();
            c.commit();
            timings.put("commit", (System.nanoTime() - t) / 1e9);
            dev.crmmigrate.Faults.point("load:after-commit");
        } catch (SQLException | JsonProcessingException e) {
            throw Errors.database(
                    "the load transaction (rolled back, nothing written)",
                    db.safeUrl(),
                    e instanceof SQLException s && s.getNextException() != null ? s.getNextException() : e);
        }
        return actual;
    }

    private static void logDirectCopy(Connection c, StagedTable t, String runId) throws SQLException {
        NamedSql sql = NamedSql.parse(ChangeLog.loggedDirectCopy(t));
        try (PreparedStatement ps = c.prepareStatement(sql.jdbc())) {
            sql.bind(ps, Map.of("run_id", runId));
            ps.executeUpdate();
        }
    }

    /**
     * Signups (through the signup trigger) may create a person for an address after the plan decided to create one:
     * the plan's person would be a second person for the same email. Inside the load transaction, with new email rows
     * locked out until it commits, every planned new person whose address now has a person is matched to that person
     * (the earliest created) instead: its links, mapping and enrichment are re-pointed there and it is not created.
     *
     * @return how many planned people were matched late
     */
    private static long matchLatePeople(Connection c, String prefix, Set<StagedTable> staged) throws SQLException {
        try (Statement st = c.createStatement()) {
            // Blocks the trigger's INSERT INTO emails (and any other writer of emails) until this transaction ends.
            st.execute("LOCK TABLE emails IN SHARE ROW EXCLUSIVE MODE");
            String people = stagingName(prefix, StagedTable.PEOPLE);
            st.execute("CREATE TEMP TABLE crm_migrate_late ON COMMIT DROP AS "
                    + "SELECT DISTINCT ON (sp.id) sp.id AS staged_id, pe.person_id AS existing_id FROM " + people
                    + " sp JOIN " + stagingName(prefix, StagedTable.PERSON_EMAILS) + " se ON se.person_id = sp.id "
                    + "JOIN emails e ON e.address = se.address JOIN person_emails pe ON pe.email_id = e.id "
                    + "JOIN people p ON p.id = pe.person_id "
                    + "WHERE pe.person_id <> sp.id AND NOT EXISTS (SELECT 1 FROM people x WHERE x.id = sp.id) "
                    + "ORDER BY sp.id, p.created_at, p.id");
            long late;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM crm_migrate_late")) {
                rs.next();
                late = rs.getLong(1);
            }
            if (late == 0) {
                return 0;
            }
            if (staged.contains(StagedTable.PERSON_ENRICHMENT)) {
                st.execute("INSERT INTO " + stagingName(prefix, StagedTable.PERSON_ENRICHMENT)
                        + " (_part, person_id, tags, lead_status, user_id) "
                        + "SELECT -1, l.existing_id, sp.tags, sp.lead_status, sp.user_id FROM crm_migrate_late l JOIN "
                        + people
                        + " sp ON sp.id = l.staged_id");
            }
            for (StagedTable t : List.of(
                    StagedTable.PERSON_EMAILS,
                    StagedTable.PERSON_PHONES,
                    StagedTable.PERSON_ORGANIZATIONS,
                    StagedTable.CONTACT_MAP)) {
                if (staged.contains(t)) {
                    st.execute("UPDATE " + stagingName(prefix, t)
                            + " s SET person_id = l.existing_id FROM crm_migrate_late l "
                            + "WHERE s.person_id = l.staged_id");
                }
            }
            st.execute("DELETE FROM " + people + " sp USING crm_migrate_late l WHERE sp.id = l.staged_id");
            return late;
        }
    }

    /** For messages: the figure names this loader can report. */
    public static List<String> figures() {
        return Arrays.stream(StagedTable.values())
                .flatMap(t -> t.statements.stream())
                .map(StagedTable.Statement::figure)
                .distinct()
                .map(f -> f.toLowerCase(Locale.ROOT))
                .toList();
    }
}
