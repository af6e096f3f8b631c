package dev.crmmigrate.undo;

import dev.crmmigrate.followup.LoggedTable;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the rollback needs to know about the CRM schema: the logged tables' keys and the foreign keys into them. */
record Catalog(
        Map<String, List<String>> rowKeys,
        Map<String, Set<String>> updatedColumns,
        Set<String> withUpdatedAt,
        List<ForeignKey> references,
        List<String> deleteOrder) {
    /**
     * A single-column foreign key into one of the run's tables.
     *
     * @param table      the referencing table's name as the change log names it (schema-qualified, unquoted,
     *                   outside the CRM's schema); any text a database object may be called
     * @param sqlTable   the same, each part double-quoted for SQL
     * @param column     the referencing column, double-quoted for SQL
     * @param referenced the CRM table it references
     */
    record ForeignKey(String table, String sqlTable, String column, String referenced) {
        /** The table's name inside a single-quoted SQL literal (quotes doubled). */
        String tableInLiteral() {
            return table.replace("'", "''");
        }
    }

    /** The join of the CRM table (alias {@code x}) to its change log rows (alias {@code c}) on the row key. */
    String join(String table) {
        List<String> key = rowKeys.get(table);
        return "x." + key.get(0) + " = c.key1" + (key.size() > 1 ? " AND x." + key.get(1) + " = c.key2" : "");
    }

    String personColumn(String table) {
        for (ForeignKey fk : references) {
            if (fk.table().equals(table) && fk.referenced().equals("people")) {
                return fk.column();
            }
        }
        return null;
    }

    static Catalog read(Connection c) throws SQLException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Map<String, Set<String>> updated = new LinkedHashMap<>();
        for (StagedTable t : StagedTable.values()) {
            keys.putIfAbsent(t.target, t.rowKey);
            for (StagedTable.Statement s : t.statements) {
                if (s.isUpdate()) {
                    updated.computeIfAbsent(t.target, k -> new TreeSet<>()).addAll(s.writes());
                }
            }
        }
        // The follow-ups' tables, as far as they exist yet (campaign-fks adds the columns it backfills).
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                        + "current_schema() AND table_name = ANY (?)")) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "text",
                            LoggedTable.ALL.stream().map(LoggedTable::name).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                            .add(rs.getString(2));
                }
            }
        }
        for (LoggedTable t : LoggedTable.ALL) {
            Set<String> present = columns.getOrDefault(t.name(), Set.of());
            if (present.containsAll(t.rowKey())) {
                keys.putIfAbsent(t.name(), t.rowKey());
                t.updates().stream()
                        .filter(present::contains)
                        .forEach(col -> updated.computeIfAbsent(t.name(), k -> new TreeSet<>())
                                .add(col));
            }
        }
        // Children before parents: the reverse of the load order, the follow-ups' tables first.
        List<String> order = new ArrayList<>(new LinkedHashSet<>(keys.keySet()));
        Collections.reverse(order);
        Set<String> withUpdatedAt = new TreeSet<>();
        List<ForeignKey> fks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                        + "AND column_name = 'updated_at' AND table_name = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    withUpdatedAt.add(rs.getString(1));
                }
            }
        }
        // A referencing table outside the CRM's schema (e.g. auth) is named with its schema.
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN rn.nspname = current_schema() "
                + "THEN rc.relname ELSE rn.nspname || '.' || rc.relname END, "
                + "CASE WHEN rn.nspname = current_schema() THEN quote_ident(rc.relname) "
                + "ELSE quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) END, "
                + "quote_ident(a.attname), tc.relname "
                + "FROM pg_constraint co JOIN pg_class rc ON rc.oid = co.conrelid "
                + "JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
                + "JOIN pg_class tc ON tc.oid = co.confrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace "
                + "JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1] "
                + "WHERE co.contype = 'f' AND cardinality(co.conkey) = 1 AND tn.nspname = current_schema() "
                + "AND tc.relname = ANY (?) ORDER BY 4, 1, 3")) {
            ps.setArray(1, c.createArrayOf("text", keys.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fks.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return new Catalog(keys, updated, withUpdatedAt, List.copyOf(fks), List.copyOf(order));
    }
}
