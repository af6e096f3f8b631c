package dev.crmmigrate.load;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Faults;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.WriteSession;
import dev.crmmigrate.normalize.Emails;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The load's one transaction: the direct COPYs into empty targets, the late matches, each staged table's set-based
 * {@code INSERT … ON CONFLICT} / {@code UPDATE} statements (each logged in the change log), and the run's row in
 * {@code migration_runs}. Built from what the staging writer prepared, then committed whole or not at all. Each
 * statement's row count is one figure of the result.
 */
final class LoadTransaction {
    /**
     * What the transaction works on.
     *
     * @param staged every staged table of the run (with rows or not)
     * @param direct the tables whose target was empty when the load began, encoded for a COPY straight into it
     * @param empty the tables with no staged row: no statement runs for them
     * @param copied the tables copied into staging, with the rows copied
     */
    record Request(
            String runId,
            String job,
            Instant startedAt,
            Map<StagedTable, Dataset<Row>> staged,
            Map<String, Long> planned,
            Map<StagedTable, DirectCopy.Encoded> direct,
            Set<StagedTable> empty,
            Map<StagedTable, Long> copied) {}

    /** The figures written, and the tables that took the direct path. */
    record Result(Map<String, Long> actual, Set<StagedTable> direct) {}

    private final Database db;
    private final StagingTables stage;
    private final List<String> leadStatusScale;
    private final boolean maintenanceWindow;
    private final Map<String, Double> timings;

    LoadTransaction(
            Database db,
            StagingTables stage,
            List<String> leadStatusScale,
            boolean maintenanceWindow,
            Map<String, Double> timings) {
        this.db = db;
        this.stage = stage;
        this.leadStatusScale = leadStatusScale;
        this.maintenanceWindow = maintenanceWindow;
        this.timings = timings;
    }

    Result commit(Request x) {
        Map<String, Long> actual = new LinkedHashMap<>();
        Set<StagedTable> directDone = EnumSet.noneOf(StagedTable.class);
        try (Connection c = WriteSession.begin(db, "load")) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL synchronous_commit = on");
                st.execute("SET LOCAL maintenance_work_mem = '512MB'");
            }
            copyDirect(c, x, actual, directDone);
            checkStaged(c, x.copied());
            if (LateMatches.needed(x.copied().keySet())) {
                long t = System.nanoTime();
                if (x.staged().containsKey(StagedTable.PERSON_ENRICHMENT)
                        && !x.copied().containsKey(StagedTable.PERSON_ENRICHMENT)) {
                    // A person matched late brings its tags and status to the person it joins: as an enrichment.
                    stage.create(Set.of(StagedTable.PERSON_ENRICHMENT));
                    x.copied().put(StagedTable.PERSON_ENRICHMENT, 0L);
                }
                actual.put(
                        Figure.PEOPLE_MATCHED_LATE,
                        LateMatches.match(c, stage, x.copied().keySet()));
                timings.put("match late people", (System.nanoTime() - t) / 1e9);
            }
            runStatements(c, x, actual);
            RunLog.recordLoad(c, x.runId(), x.job(), x.startedAt(), x.planned(), actual);
            Faults.point(Faults.Point.LOAD_BEFORE_COMMIT);
            long t = System.nanoTime();
            c.commit();
            timings.put("commit", (System.nanoTime() - t) / 1e9);
            Faults.point(Faults.Point.LOAD_AFTER_COMMIT);
        } catch (SQLException e) {
            throw Errors.database(
                    "the load transaction (rolled back, nothing written)",
                    db.safeUrl(),
                    e.getNextException() != null ? e.getNextException() : e);
        }
        return new Result(actual, directDone);
    }

    /**
     * The COPY straight into each target that is still empty, with the targets locked against other writers; a target
     * another writer filled since the first look takes the staged path after all.
     */
    private void copyDirect(Connection c, Request x, Map<String, Long> actual, Set<StagedTable> directDone)
            throws SQLException {
        if (x.direct().isEmpty()) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE "
                    + String.join(
                            ", ",
                            x.direct().keySet().stream().map(t -> t.target).toList())
                    + " IN SHARE ROW EXCLUSIVE MODE");
        }
        for (StagedTable t : x.direct().keySet()) {
            long t0 = System.nanoTime();
            if (DirectCopy.targetEmpty(c, t)) {
                actual.put(t.insertFigure(), DirectCopy.copy(c, t, x.direct().get(t)));
                NamedSql sql = NamedSql.parse(ChangeLog.loggedDirectCopy(t));
                try (PreparedStatement ps = c.prepareStatement(sql.jdbc())) {
                    sql.bind(ps, Map.of("run_id", x.runId()));
                    ps.executeUpdate();
                }
                directDone.add(t);
                timings.put(
                        "copy " + t.stageName() + " straight into " + t.target + " (empty)",
                        (System.nanoTime() - t0) / 1e9);
                timings.put(
                        "waiting for the encoding of " + t.stageName(),
                        x.direct().get(t).waited);
            } else {
                stage.create(Set.of(t));
                long t1 = System.nanoTime();
                x.copied().put(t, stage.copy(t, x.staged().get(t)));
                timings.put("copy " + t.stageName() + " into staging", (System.nanoTime() - t1) / 1e9);
            }
        }
    }

    /** UNLOGGED staging tables are emptied by a server crash: never upsert from a stage that lost rows. */
    private void checkStaged(Connection c, Map<StagedTable, Long> copied) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Map.Entry<StagedTable, Long> e : copied.entrySet()) {
                String table = stage.name(e.getKey());
                // Fresh tables have no statistics; without them the planner guesses joins badly.
                st.execute("ANALYZE " + table);
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    if (rs.getLong(1) != e.getValue()) {
                        throw Errors.runtime(
                                "staging table %s holds %,d rows where %,d were copied (did the server restart "
                                        + "during the load?); nothing was written to the CRM, run the import again",
                                table, rs.getLong(1), e.getValue());
                    }
                }
            }
        }
    }

    /** Each staged table's statements, in load order (parents first); a table with nothing staged reports zeros. */
    private void runStatements(Connection c, Request x, Map<String, Long> actual) throws SQLException {
        Map<String, Object> params = Map.of(
                "lead_scale",
                c.createArrayOf("text", leadStatusScale.toArray()),
                "email_statuses",
                c.createArrayOf("text", Emails.STATUS_ORDER.toArray()),
                "run_id",
                x.runId());
        for (StagedTable table : StagedTable.values()) {
            if (!x.staged().containsKey(table)) {
                continue;
            }
            boolean written = x.copied().containsKey(table);
            List<String> checkOnce = maintenanceWindow && written ? ForeignKeys.dropOwn(c, table.target) : List.of();
            for (StagedTable.Statement statement : table.statements) {
                if (!written) {
                    actual.putIfAbsent(statement.figure(), 0L);
                    continue;
                }
                NamedSql sql = NamedSql.parse(
                        ChangeLog.logged(table, statement, statement.sql().replace("{stg}", stage.name(table))));
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
    }
}
