package dev.crmmigrate.undo;

import dev.crmmigrate.load.ChangeLog;
import dev.crmmigrate.load.NamedSql;
import dev.crmmigrate.load.RunLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a rollback finds before it undoes anything: the later runs that depend on the run (changed its rows, or
 * reference rows it inserted), the merges over it, the rows no run wrote that reference its rows, and the edits since.
 * Each finding lists its count and a few examples.
 */
final class Dependencies {
    /** Examples listed per finding kind and table; the counts are always complete. */
    static final int EXAMPLES = 10;

    private Dependencies() {}

    /**
     * True when retire-contacts renamed the legacy table: once the contacts import is taken back, the legacy table is
     * again the only home of those contacts, so it must be live.
     */
    static boolean contactsRetired(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT to_regclass('contacts_legacy') IS NOT NULL " + "AND to_regclass('contacts') IS NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Person merges done after {@code r} and not undone whose kept or merged person {@code r} inserted, enriched or
     * linked (people candidates, approved in a review file), newest first.
     */
    static Optional<Finding> personMerges(Connection c, RunLog.Run r) throws SQLException {
        return merges(
                c,
                r,
                "person_merges",
                "people",
                "x.table_name IN ('people', 'person_emails', 'person_phones', 'person_organizations') "
                        + "AND x.key1 IN (m.kept_id, m.merged_id)");
    }

    /** Merges done after {@code r} and not undone whose kept or merged organization {@code r} inserted or linked. */
    static Optional<Finding> merges(Connection c, RunLog.Run r) throws SQLException {
        return merges(
                c,
                r,
                "organization_merges",
                "organizations",
                "((x.table_name = 'organizations' AND x.key1 IN (m.kept_id, m.merged_id)) OR "
                        + "(x.table_name = 'person_organizations' AND x.key2 IN (m.kept_id, m.merged_id)))");
    }

    /**
     * The merges of a merge log ({@code m}) done after {@code r} and not undone, that a change of {@code r} in the
     * change log ({@code x}) touches as {@code touches} says, newest first.
     */
    static Optional<Finding> merges(Connection c, RunLog.Run r, String log, String table, String touches)
            throws SQLException {
        if (!exists(c, log)) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT m.merge_id::text FROM " + log + " m WHERE "
                + "m.undone_at IS NULL AND m.merged_at >= ? AND EXISTS (SELECT 1 FROM " + ChangeLog.TABLE
                + " x WHERE x.run_id = ? AND " + touches + ") ORDER BY m.merged_at DESC, m.merge_id")) {
            ps.setTimestamp(1, r.finished());
            ps.setString(2, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids.isEmpty()
                ? Optional.empty()
                : Optional.of(new Finding(Finding.Kind.MERGED, r.id(), table, ids.size(), List.copyOf(ids)));
    }

    static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The requested run and, with {@code cascade}, every later run that depends on it, newest first. */
    static List<RunLog.Run> runsToUndo(
            Connection c, Catalog catalog, RunLog.Run target, boolean cascade, List<Finding> blockers)
            throws SQLException {
        Map<String, RunLog.Run> found = new LinkedHashMap<>();
        found.put(target.id(), target);
        List<RunLog.Run> todo = new ArrayList<>(List.of(target));
        while (!todo.isEmpty()) {
            RunLog.Run r = todo.remove(0);
            for (Map.Entry<RunLog.Run, Map<String, Long>> later :
                    laterRuns(c, catalog, r).entrySet()) {
                RunLog.Run l = later.getKey();
                if (cascade) {
                    if (found.putIfAbsent(l.id(), l) == null) {
                        todo.add(l);
                    }
                } else {
                    later.getValue()
                            .forEach((table, rows) -> blockers.add(new Finding(
                                    Finding.Kind.LATER_RUN,
                                    r.id(),
                                    table,
                                    rows,
                                    List.of(l.id() + " (" + l.job() + ")"))));
                }
            }
        }
        List<RunLog.Run> out = new ArrayList<>(found.values());
        out.sort((a, b) -> b.finished().compareTo(a.finished()) != 0
                ? b.finished().compareTo(a.finished())
                : b.id().compareTo(a.id()));
        return out;
    }

    /**
     * Later succeeded runs that changed a row {@code r} wrote, or inserted or updated a row that references one it
     * inserted (a follow-up's backfill, say).
     */
    static Map<RunLog.Run, Map<String, Long>> laterRuns(Connection c, Catalog catalog, RunLog.Run r)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT lr.run_id, lr.job, lr.finished_at, x.table_name, count(*) FROM (")
                .append("SELECT l.run_id, c.table_name FROM " + ChangeLog.TABLE + " c JOIN " + ChangeLog.TABLE + " l ")
                .append("ON l.table_name = c.table_name AND l.key1 = c.key1 AND l.key2 IS NOT DISTINCT FROM c.key2 ")
                .append("AND l.run_id <> c.run_id WHERE c.run_id = :run");
        for (Catalog.ForeignKey fk : catalog.references()) {
            List<String> key = catalog.rowKeys().get(fk.table());
            if (key == null) {
                continue;
            }
            sql.append(" UNION ALL SELECT l.run_id, '")
                    .append(fk.referenced())
                    .append("' FROM " + ChangeLog.TABLE + " c JOIN ")
                    .append(fk.sqlTable())
                    .append(" x ON x.")
                    .append(fk.column())
                    .append(" = c.key1 JOIN " + ChangeLog.TABLE + " l ON l.table_name = '")
                    .append(fk.tableInLiteral())
                    .append("' AND l.key1 = x.")
                    .append(key.get(0));
            if (key.size() > 1) {
                sql.append(" AND l.key2 = x.").append(key.get(1));
            }
            sql.append(" AND l.run_id <> c.run_id WHERE c.run_id = :run AND c.op = 'I' AND c.table_name = '")
                    .append(fk.referenced())
                    .append("'");
        }
        sql.append(") x JOIN " + RunLog.TABLE + " lr ON lr.run_id = x.run_id AND lr.status = 'succeeded' ")
                .append("AND (lr.finished_at, lr.run_id) > (:finished, :run) ")
                .append("GROUP BY lr.run_id, lr.job, lr.finished_at, x.table_name");
        Map<RunLog.Run, Map<String, Long>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, sql.toString(), r)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(
                                    new RunLog.Run(rs.getString(1), rs.getString(2), rs.getTimestamp(3)),
                                    k -> new LinkedHashMap<>())
                            .put(rs.getString(4), rs.getLong(5));
                }
            }
        }
        return out;
    }

    /** Rows no succeeded run inserted or updated that reference rows {@code r} inserted. */
    static List<Finding> references(Connection c, Catalog catalog, RunLog.Run r) throws SQLException {
        List<Finding> out = new ArrayList<>();
        for (Catalog.ForeignKey fk : catalog.references()) {
            List<String> key = catalog.rowKeys().get(fk.table());
            String notLogged = "";
            if (key != null) {
                notLogged = " AND NOT EXISTS (SELECT 1 FROM " + ChangeLog.TABLE + " l JOIN " + RunLog.TABLE
                        + " lr ON lr.run_id = "
                        + "l.run_id AND lr.status = 'succeeded' WHERE l.table_name = '" + fk.tableInLiteral()
                        + "' AND l.key1 = x." + key.get(0)
                        + (key.size() > 1 ? " AND l.key2 = x." + key.get(1) : "") + ")";
            }
            String sql = "SELECT x." + fk.column() + "::text FROM " + ChangeLog.TABLE + " c JOIN " + fk.sqlTable()
                    + " x ON x."
                    + fk.column() + " = c.key1 WHERE c.run_id = :run AND c.op = 'I' AND c.table_name = '"
                    + fk.referenced() + "'" + notLogged;
            Finding f = finding(c, r, Finding.Kind.REFERENCED, fk.table() + "." + fk.column(), sql, fk.column());
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Rows {@code r} updated whose written columns no longer hold what it wrote, and rows it inserted whose
     * updated_at is later than the run, leaving out what a later succeeded run changed (a dependency of its own).
     */
    static List<Finding> edits(Connection c, Catalog catalog, RunLog.Run r) throws SQLException {
        List<Finding> out = new ArrayList<>();
        String laterRun =
                " AND NOT EXISTS (SELECT 1 FROM " + ChangeLog.TABLE + " l JOIN " + RunLog.TABLE + " lr ON lr.run_id = "
                        + "l.run_id AND lr.status = 'succeeded' AND (lr.finished_at, lr.run_id) > (:finished, :run) "
                        + "WHERE l.table_name = c.table_name AND l.key1 = c.key1 "
                        + "AND l.key2 IS NOT DISTINCT FROM c.key2)";
        for (Map.Entry<String, Set<String>> t : catalog.updatedColumns().entrySet()) {
            String table = t.getKey();
            String sql =
                    "SELECT x." + catalog.rowKeys().get(table).get(0) + "::text FROM " + ChangeLog.TABLE + " c JOIN "
                            + table + " x ON " + catalog.join(table) + " WHERE c.run_id = :run AND c.op = 'U' AND "
                            + "c.table_name = '" + table + "' AND " + ChangeLog.image(List.copyOf(t.getValue()), "x")
                            + " <> c.after" + laterRun;
            Finding f = finding(c, r, Finding.Kind.EDITED, table, sql, "id");
            if (f != null) {
                out.add(f);
            }
        }
        for (String table : catalog.withUpdatedAt()) {
            String sql =
                    "SELECT x." + catalog.rowKeys().get(table).get(0) + "::text FROM " + ChangeLog.TABLE + " c JOIN "
                            + table + " x ON " + catalog.join(table) + " WHERE c.run_id = :run AND c.op = 'I' AND "
                            + "c.table_name = '" + table + "' AND x.updated_at > :finished" + laterRun;
            Finding f = finding(c, r, Finding.Kind.EDITED, table, sql, "id");
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    static Finding finding(Connection c, RunLog.Run r, Finding.Kind kind, String table, String select, String what)
            throws SQLException {
        String sql = "SELECT count(*), (array_agg(k ORDER BY k))[1:" + EXAMPLES + "] FROM (" + select + ") s(k)";
        try (PreparedStatement ps = prepare(c, sql, r);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            if (n == 0) {
                return null;
            }
            List<String> examples = new ArrayList<>();
            for (Object o : (Object[]) rs.getArray(2).getArray()) {
                examples.add(what + " " + o);
            }
            return new Finding(kind, r.id(), table, n, examples);
        }
    }

    /**
     * The statement with {@code :run} bound to the run's id, through the loader's {@link NamedSql}. {@code :finished}
     * (the run's finished_at) is read in the database, not bound from Java: no time zone or precision changes it.
     */
    static PreparedStatement prepare(Connection c, String sql, RunLog.Run r) throws SQLException {
        NamedSql named = NamedSql.parse(sql.replace(":finished", RunLog.finishedOf(":run")));
        PreparedStatement ps = c.prepareStatement(named.jdbc());
        named.bind(ps, Map.of("run", r.id()));
        return ps;
    }
}
