package dev.crmmigrate.undo;

import dev.crmmigrate.load.ChangeLog;
import dev.crmmigrate.load.RunLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The undo of one run inside the rollback's transaction: the before-image of every row it updated is written back,
 * then every row it inserted is deleted, children before parents, never one that something still references.
 */
final class RunUndo {
    private RunUndo() {}

    /** How many rows of each table a run inserted ({@code I}) or updated ({@code U}). */
    static Map<String, Long> counts(Connection c, RunLog.Run r, String op) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, count(*) FROM " + ChangeLog.TABLE + " "
                + "WHERE run_id = ? AND op = ? GROUP BY table_name ORDER BY table_name")) {
            ps.setString(1, r.id());
            ps.setString(2, op);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Undoes one run: before-images back, then its inserted rows deleted, children first. */
    static Rollback.Step undo(Connection c, Catalog catalog, RunLog.Run r, boolean force) throws SQLException {
        Map<String, Long> restored = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> t : catalog.updatedColumns().entrySet()) {
            String table = t.getKey();
            StringBuilder set = new StringBuilder();
            for (String col : t.getValue()) {
                set.append(set.isEmpty() ? "" : ", ")
                        .append(col)
                        .append(" = CASE WHEN jsonb_exists(c.before, '")
                        .append(col)
                        .append("') THEN b.")
                        .append(col)
                        .append(" ELSE x.")
                        .append(col)
                        .append(" END");
            }
            String sql = "UPDATE " + table + " x SET " + set + " FROM " + ChangeLog.TABLE + " c CROSS JOIN LATERAL "
                    + "jsonb_populate_record(NULL::" + table + ", c.before) b WHERE c.run_id = :run AND c.op = 'U' "
                    + "AND c.table_name = '" + table + "' AND " + catalog.join(table);
            try (PreparedStatement ps = Dependencies.prepare(c, sql, r)) {
                long n = ps.executeUpdate();
                if (n > 0) {
                    restored.put(table, n);
                }
            }
        }
        String kept = "";
        if (force) {
            // The people kept (edited since, or referenced by a row no run wrote) keep the links the run gave them.
            try (PreparedStatement ps = Dependencies.prepare(
                    c, "CREATE TEMP TABLE IF NOT EXISTS crm_migrate_kept (id uuid PRIMARY KEY) ON COMMIT DROP", r)) {
                ps.execute();
            }
            try (PreparedStatement ps = Dependencies.prepare(
                    c,
                    "INSERT INTO crm_migrate_kept SELECT c.key1 FROM " + ChangeLog.TABLE + " c JOIN people x ON x.id = "
                            + "c.key1 WHERE c.run_id = :run AND c.op = 'I' AND c.table_name = 'people' AND "
                            + "(x.updated_at > :finished" + externalReference(catalog, "people") + ") "
                            + "ON CONFLICT DO NOTHING",
                    r)) {
                ps.executeUpdate();
            }
            kept = " AND NOT EXISTS (SELECT 1 FROM crm_migrate_kept k WHERE k.id = x.%s)";
        }
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (String table : catalog.deleteOrder()) {
            List<String> key = catalog.rowKeys().get(table);
            StringBuilder sql = new StringBuilder("DELETE FROM " + table + " x USING " + ChangeLog.TABLE + " c WHERE ")
                    .append("c.run_id = :run AND c.op = 'I' AND c.table_name = '")
                    .append(table)
                    .append("' AND ")
                    .append(catalog.join(table));
            // Never a row something still references: no ON DELETE CASCADE may take a row the run did not write.
            for (Catalog.ForeignKey fk : catalog.references()) {
                if (fk.referenced().equals(table)) {
                    sql.append(" AND NOT EXISTS (SELECT 1 FROM ")
                            .append(fk.sqlTable())
                            .append(" y WHERE y.")
                            .append(fk.column())
                            .append(" = x.")
                            .append(key.get(0))
                            .append(")");
                }
            }
            if (force) {
                if (catalog.withUpdatedAt().contains(table)) {
                    sql.append(" AND NOT x.updated_at > :finished");
                }
                String personColumn = table.equals("people") ? "id" : catalog.personColumn(table);
                if (personColumn != null) {
                    sql.append(String.format(kept, personColumn));
                }
            }
            try (PreparedStatement ps = Dependencies.prepare(c, sql.toString(), r)) {
                long n = ps.executeUpdate();
                if (n > 0) {
                    deleted.put(table, n);
                }
            }
        }
        RunLog.markRolledBack(c, r.id());
        return new Rollback.Step(r.id(), r.job(), restored, deleted);
    }

    /** " OR EXISTS (a row no run wrote that references x)" for each foreign key into {@code table}. */
    static String externalReference(Catalog catalog, String table) {
        StringBuilder out = new StringBuilder();
        for (Catalog.ForeignKey fk : catalog.references()) {
            if (!fk.referenced().equals(table)) {
                continue;
            }
            List<String> key = catalog.rowKeys().get(fk.table());
            out.append(" OR EXISTS (SELECT 1 FROM ")
                    .append(fk.sqlTable())
                    .append(" y WHERE y.")
                    .append(fk.column())
                    .append(" = x.id");
            if (key != null) {
                out.append(" AND NOT EXISTS (SELECT 1 FROM " + ChangeLog.TABLE + " l WHERE l.table_name = '")
                        .append(fk.tableInLiteral())
                        .append("' AND l.key1 = y.")
                        .append(key.get(0));
                if (key.size() > 1) {
                    out.append(" AND l.key2 = y.").append(key.get(1));
                }
                out.append(")");
            }
            out.append(")");
        }
        return out.toString();
    }
}
