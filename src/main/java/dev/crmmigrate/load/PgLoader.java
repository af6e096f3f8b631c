package dev.crmmigrate.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.Errors;
import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import java.io.IOException;
import java.sql.Array;
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

    public PgLoader(Database db, List<String> leadStatusScale) {
        this.db = db;
        this.leadStatusScale = List.copyOf(leadStatusScale);
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
            Map<StageTable, Dataset<Row>> staged,
            Map<String, Long> planned) {
        long t0 = System.nanoTime();
        Preflight.check(db, staged.keySet());
        Map<String, Map<String, Long>> before = recorded(runId);
        if (before != null) {
            return new LoadResult(runId, before.get("actual"), true, 0, Map.of());
        }
        String prefix = "r" + Integer.toHexString(runId.hashCode() & 0x7fffffff) + "_";
        // A table with nothing staged (all a re-run stages) costs no staging table, no COPY and no statement.
        Set<StageTable> empty = emptyTables(staged);
        Map<StageTable, DirectCopy.Encoded> direct = new EnumMap<>(StageTable.class);
        Map<String, Long> actual;
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("preflight, empty tables", (System.nanoTime() - t0) / 1e9);
        try {
            // Encoding for the direct path starts first and runs while the other tables are copied into staging.
            long t1 = System.nanoTime();
            directCandidates(staged.keySet(), empty)
                    .forEach(t -> direct.put(t, DirectCopy.Encoded.start(t, staged.get(t))));
            timings.put("empty targets found, their encoding started", (System.nanoTime() - t1) / 1e9);
            Map<StageTable, Dataset<Row>> viaStage = new EnumMap<>(StageTable.class);
            staged.forEach((t, ds) -> {
                if (!direct.containsKey(t) && !empty.contains(t)) {
                    viaStage.put(t, ds);
                }
            });
            createStagingTables(prefix, viaStage.keySet());
            Map<StageTable, Long> copied = new EnumMap<>(StageTable.class);
            viaStage.forEach((t, ds) -> copyTimed(prefix, t, ds, copied, timings));
            dev.crmmigrate.Faults.point("load:before-transaction");
            actual = upsert(new Txn(prefix, runId, job, startedAt, staged, planned, direct, empty, copied, timings));
        } finally {
            direct.values().forEach(DirectCopy.Encoded::close);
        }
        dropStagingTables(prefix, staged.keySet());
        return new LoadResult(runId, actual, false, (System.nanoTime() - t0) / 1e9, timings);
    }

    /**
     * The tables with no staged row: one tiny Spark job per table, run side by side (one after another they cost more
     * than the rest of a re-run's load).
     */
    private static Set<StageTable> emptyTables(Map<StageTable, Dataset<Row>> staged) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, staged.size()));
        try {
            Map<StageTable, Future<Boolean>> checks = new EnumMap<>(StageTable.class);
            staged.forEach((t, ds) -> checks.put(t, pool.submit(ds::isEmpty)));
            Set<StageTable> out = EnumSet.noneOf(StageTable.class);
            for (Map.Entry<StageTable, Future<Boolean>> e : checks.entrySet()) {
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
    private Set<StageTable> directCandidates(Set<StageTable> tables, Set<StageTable> empty) {
        Set<StageTable> out = EnumSet.noneOf(StageTable.class);
        try (Connection c = db.open()) {
            for (StageTable t : tables) {
                if (DirectCopy.FIGURES.containsKey(t) && !empty.contains(t) && DirectCopy.targetEmpty(c, t)) {
                    out.add(t);
                }
            }
        } catch (SQLException e) {
            throw Errors.database("checking which targets are empty", db.safeUrl(), e);
        }
        return out;
    }

    private void copyTimed(
            String prefix, StageTable t, Dataset<Row> ds, Map<StageTable, Long> copied, Map<String, Double> timings) {
        long t0 = System.nanoTime();
        copied.put(t, copy(ds, stagingName(prefix, t), t));
        timings.put("copy " + t.stageName() + " into staging", (System.nanoTime() - t0) / 1e9);
    }

    static String stagingName(String prefix, StageTable t) {
        return STAGE_SCHEMA + "." + Identifiers.requireValid("staging table", prefix + t.stageName());
    }

    private void createStagingTables(String prefix, Set<StageTable> tables) {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + STAGE_SCHEMA);
            for (StageTable t : tables) {
                StringBuilder ddl = new StringBuilder("CREATE UNLOGGED TABLE IF NOT EXISTS ")
                        .append(stagingName(prefix, t))
                        .append(" (_part int NOT NULL");
                for (StageTable.Col col : t.columns) {
                    ddl.append(", ").append(col.name()).append(' ').append(col.pgType());
                }
                st.execute(ddl.append(')').toString());
            }
        } catch (SQLException e) {
            throw Errors.database("creating staging tables", db.safeUrl(), e);
        }
    }

    private void dropStagingTables(String prefix, Set<StageTable> tables) {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            for (StageTable t : tables) {
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
    static long copy(Dataset<Row> rows, String table, StageTable kind, String url, Properties props) {
        List<StageTable.Col> cols = kind.columns;
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

    private long copy(Dataset<Row> rows, String table, StageTable kind) {
        return copy(rows, table, kind, db.url(), db.connectionProperties());
    }

    private static long copyPartition(
            String url, Properties props, String sql, String delete, List<StageTable.Col> cols, Iterator<Row> rows)
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
            Map<StageTable, Dataset<Row>> staged,
            Map<String, Long> planned,
            Map<StageTable, DirectCopy.Encoded> direct,
            Set<StageTable> empty,
            Map<StageTable, Long> copied,
            Map<String, Double> timings) {}

    /** The one transaction. Each statement's row count is one figure of the result. */
    private Map<String, Long> upsert(Txn x) {
        String prefix = x.prefix();
        Map<StageTable, Dataset<Row>> staged = x.staged();
        Map<StageTable, Long> copied = x.copied();
        Map<String, Double> timings = x.timings();
        Map<String, Long> actual = new LinkedHashMap<>();
        Set<StageTable> directDone = EnumSet.noneOf(StageTable.class);
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET application_name = 'crm-migrate load'");
                // One load at a time per database: a second crm-migrate waits here instead of interleaving.
                st.execute("SELECT pg_advisory_xact_lock(hashtext('crm-migrate-load'))");
                st.execute("SET LOCAL synchronous_commit = on");
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
                    for (StageTable t : x.direct().keySet()) {
                        long t0 = System.nanoTime();
                        if (DirectCopy.targetEmpty(c, t)) {
                            actual.put(
                                    DirectCopy.FIGURES.get(t),
                                    DirectCopy.copy(c, t, x.direct().get(t)));
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
                for (Map.Entry<StageTable, Long> e : copied.entrySet()) {
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
            if (staged.containsKey(StageTable.PEOPLE)
                    && staged.containsKey(StageTable.PERSON_EMAILS)
                    && !directDone.contains(StageTable.PEOPLE)
                    && !x.empty().contains(StageTable.PEOPLE)
                    && !x.empty().contains(StageTable.PERSON_EMAILS)) {
                long t = System.nanoTime();
                actual.put(LATE_MATCHES, matchLatePeople(c, prefix, staged.keySet()));
                timings.put("match late people", (System.nanoTime() - t) / 1e9);
            }
            Array scale = c.createArrayOf("text", leadStatusScale.toArray());
            for (Step step : steps()) {
                if (!staged.containsKey(step.table)) {
                    continue;
                }
                if (directDone.contains(step.table) || x.empty().contains(step.table)) {
                    actual.putIfAbsent(step.figure, 0L);
                    continue;
                }
                String sql = step.sql.replace("{stg}", stagingName(prefix, step.table));
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int n = sql.length() - sql.replace("?", "").length();
                    for (int i = 1; i <= n; i++) {
                        if (sql.contains("array_position")) {
                            ps.setArray(i, scale);
                        }
                    }
                    if (step.figure.equals("mappings_saved")) {
                        ps.setString(1, x.runId());
                    }
                    long t = System.nanoTime();
                    actual.merge(step.figure, (long) ps.executeUpdate(), Long::sum);
                    timings.merge(step.figure, (System.nanoTime() - t) / 1e9, Double::sum);
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

    /** The figure of {@link #matchLatePeople}. */
    public static final String LATE_MATCHES = "people_matched_late";

    /**
     * Signups (through the signup trigger) may create a person for an address after the plan decided to create one:
     * the plan's person would be a second person for the same email. Inside the load transaction, with new email rows
     * locked out until it commits, every planned new person whose address now has a person is matched to that person
     * (the earliest created) instead: its links, mapping and enrichment are re-pointed there and it is not created.
     *
     * @return how many planned people were matched late
     */
    private static long matchLatePeople(Connection c, String prefix, Set<StageTable> staged) throws SQLException {
        try (Statement st = c.createStatement()) {
            // Blocks the trigger's INSERT INTO emails (and any other writer of emails) until this transaction ends.
            st.execute("LOCK TABLE emails IN SHARE ROW EXCLUSIVE MODE");
            String people = stagingName(prefix, StageTable.PEOPLE);
            st.execute("CREATE TEMP TABLE crm_migrate_late ON COMMIT DROP AS "
                    + "SELECT DISTINCT ON (sp.id) sp.id AS staged_id, pe.person_id AS existing_id FROM " + people
                    + " sp JOIN " + stagingName(prefix, StageTable.PERSON_EMAILS) + " se ON se.person_id = sp.id "
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
            if (staged.contains(StageTable.PERSON_ENRICHMENT)) {
                st.execute("INSERT INTO " + stagingName(prefix, StageTable.PERSON_ENRICHMENT)
                        + " (_part, person_id, tags, lead_status, user_id) "
                        + "SELECT -1, l.existing_id, sp.tags, sp.lead_status, sp.user_id FROM crm_migrate_late l JOIN "
                        + people
                        + " sp ON sp.id = l.staged_id");
            }
            for (StageTable t : List.of(
                    StageTable.PERSON_EMAILS,
                    StageTable.PERSON_PHONES,
                    StageTable.PERSON_ORGANIZATIONS,
                    StageTable.CONTACT_MAP)) {
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

    private record Step(StageTable table, String figure, String sql) {}

    /** The statements of the load transaction, in dependency order. */
    private static List<Step> steps() {
        List<Step> s = new ArrayList<>();
        s.add(new Step(
                StageTable.ORGANIZATIONS,
                "organizations_inserted",
                "INSERT INTO organizations (id, name, org_type, details) "
                        + "SELECT DISTINCT ON (name_key) id, name, org_type, coalesce(details, '{}') FROM {stg} "
                        + "ORDER BY name_key, name "
                        + "ON CONFLICT ((lower(name))) DO NOTHING"));
        s.add(new Step(
                StageTable.ORGANIZATIONS,
                "organizations_enriched",
                // Empty details of an organization are filled from what an import saw; filled details are never
                // overwritten.
                "UPDATE organizations o SET details = s.details, updated_at = now() "
                        + "FROM (SELECT DISTINCT ON (name_key) name_key, details FROM {stg} ORDER BY name_key, name) s "
                        + "WHERE lower(o.name) = s.name_key AND o.details = '{}'::jsonb AND s.details IS NOT "
                        + "NULL AND s.details <> '{}'::jsonb"));
        // The plans stage one row per key of emails and people (grouped in Spark), so no DISTINCT ON sort is needed:
        // NOT EXISTS lets PostgreSQL skip known rows with one hash anti-join instead of a conflict per row, ORDER BY
        // feeds the unique index in key order, and ON CONFLICT still guards against a concurrent writer.
        s.add(new Step(
                StageTable.EMAILS,
                "emails_inserted",
                "INSERT INTO emails (id, address, status, metadata) "
                        + "SELECT s.id, s.address, s.status, coalesce(s.metadata, '{}') FROM {stg} s "
                        + "WHERE NOT EXISTS (SELECT 1 FROM emails e WHERE e.address = s.address) ORDER BY s.address "
                        + "ON CONFLICT (address) DO NOTHING"));
        s.add(new Step(
                StageTable.EMAILS,
                "email_statuses_updated",
                // Sticky statuses: only ever upgraded active -> suppressed -> bounced, never cleared by a merge; a
                // staged 'active' can upgrade nothing, so only the flagged staged rows are joined.
                "UPDATE emails e SET status = s.status, metadata = e.metadata || coalesce(s.metadata, '{}'), "
                        + "updated_at = now() "
                        + "FROM (SELECT DISTINCT ON (address) address, status, metadata FROM {stg} WHERE status <> "
                        + "'active' ORDER BY address) s "
                        + "WHERE e.address = s.address AND array_position(ARRAY['active','suppressed','bounced'], "
                        + "s.status) > array_position(ARRAY['active','suppressed','bounced'], e.status)"));
        s.add(new Step(
                StageTable.PHONES,
                "phones_inserted",
                "INSERT INTO phones (id, number) SELECT DISTINCT ON (number) id, number FROM {stg} ORDER BY number "
                        + "ON CONFLICT (number) DO NOTHING"));
        s.add(new Step(
                StageTable.PEOPLE,
                "people_inserted",
                "INSERT INTO people (id, first_name, last_name, tags, lead_status, user_id, details, created_at) "
                        + "SELECT s.id, s.first_name, s.last_name, coalesce(s.tags, '{}'), s.lead_status, s.user_id, "
                        + "coalesce(s.details, '{}'), coalesce(s.created_at, now()) FROM {stg} s "
                        + "WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = s.id) ORDER BY s.id ON "
                        + "CONFLICT (id) DO NOTHING"));
        s.add(new Step(
                StageTable.PERSON_ENRICHMENT,
                "people_enriched",
                "UPDATE people p SET "
                        + "tags = ARRAY(SELECT DISTINCT t FROM unnest(p.tags || coalesce(s.tags, '{}')) t ORDER BY t), "
                        + "lead_status = CASE WHEN coalesce(array_position(?, s.lead_status), 0) > "
                        + "coalesce(array_position(?, p.lead_status), 0) "
                        + "THEN s.lead_status ELSE p.lead_status END, "
                        + "user_id = coalesce(p.user_id, s.user_id), updated_at = now() "
                        + "FROM {stg} s WHERE p.id = s.person_id AND (NOT (p.tags @> coalesce(s.tags, '{}')) "
                        + "OR coalesce(array_position(?, s.lead_status), 0) > coalesce(array_position(?, "
                        + "p.lead_status), 0) OR (p.user_id IS NULL AND s.user_id IS NOT NULL))"));
        s.add(new Step(
                StageTable.PROPERTIES,
                "properties_inserted",
                "INSERT INTO properties (id, external_id, name, address, city, state, postal_code, "
                        + "owner_organization_id, phone_id, details) "
                        + "SELECT DISTINCT ON (s.external_id) s.id, s.external_id, s.name, s.address, "
                        + "s.city, s.state, s.postal_code, o.id, ph.id, "
                        + "coalesce(s.details, '{}') FROM {stg} s LEFT JOIN organizations o ON lower(o.name) "
                        + "= s.owner_key LEFT JOIN phones ph ON ph.number = s.phone_number ORDER BY s.external_id ON "
                        + "CONFLICT (external_id) DO NOTHING"));
        s.add(new Step(
                StageTable.PERSON_EMAILS,
                "person_emails_inserted",
                "INSERT INTO person_emails (person_id, email_id, source) "
                        + "SELECT DISTINCT ON (s.person_id, e.id) s.person_id, e.id, s.source FROM {stg} s "
                        + "JOIN emails e ON e.address = s.address JOIN people p ON p.id = s.person_id "
                        + "ORDER BY s.person_id, e.id, s.source ON CONFLICT DO NOTHING"));
        s.add(new Step(
                StageTable.PERSON_PHONES,
                "person_phones_inserted",
                "INSERT INTO person_phones (person_id, phone_id, source) "
                        + "SELECT DISTINCT ON (s.person_id, ph.id) s.person_id, ph.id, s.source FROM {stg} s "
                        + "JOIN phones ph ON ph.number = s.number JOIN people p ON p.id = s.person_id "
                        + "ORDER BY s.person_id, ph.id, s.source ON CONFLICT DO NOTHING"));
        s.add(new Step(
                StageTable.PERSON_ORGANIZATIONS,
                "person_organizations_inserted",
                "INSERT INTO person_organizations (person_id, organization_id, title) "
                        + "SELECT DISTINCT ON (s.person_id, o.id) s.person_id, o.id, s.title FROM {stg} s "
                        + "JOIN organizations o ON lower(o.name) = s.org_key JOIN people p ON p.id = s.person_id "
                        + "ORDER BY s.person_id, o.id, s.title NULLS LAST ON CONFLICT DO NOTHING"));
        s.add(new Step(
                StageTable.CONTACT_MAP,
                "mappings_saved",
                "INSERT INTO contact_person_map (contact_id, person_id, email_id, user_id, is_first, run_id) "
                        + "SELECT DISTINCT ON (s.contact_id) s.contact_id, s.person_id, e.id, s.user_id, "
                        + "s.is_first, ? FROM {stg} s "
                        + "LEFT JOIN emails e ON e.address = s.address ORDER BY s.contact_id ON CONFLICT "
                        + "(contact_id) DO NOTHING"));
        return s;
    }

    /** For messages: the figure names this loader can report. */
    public static List<String> figures() {
        return steps().stream()
                .map(st -> st.figure)
                .distinct()
                .map(f -> f.toLowerCase(Locale.ROOT))
                .toList();
    }
}
