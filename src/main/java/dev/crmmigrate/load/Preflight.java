package dev.crmmigrate.load;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.normalize.FieldLimit;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks, before anything is written, that every CRM table and column the load will write exists with the expected
 * type, and that the unique keys the upserts rely on are there. The field report's import died at phase 7 on a
 * column that does not exist, after people were already inserted; with this check it stops before phase 1 writes.
 */
public final class Preflight {
    private Preflight() {}

    /** Throws a CHECK error listing every missing or mistyped column; returns normally when all is well. */
    public static void check(Database db, Collection<StagedTable> tables) {
        Map<String, Map<String, String>> needed = new TreeMap<>();
        Map<String, String> uniqueKeys = new HashMap<>();
        for (StagedTable t : tables) {
            needed.computeIfAbsent(t.target, k -> new TreeMap<>()).putAll(t.targetColumns);
            if (t.conflictTarget != null) {
                uniqueKeys.put(t.target, t.conflictTarget);
            }
        }
        needed.computeIfAbsent("migration_runs", k -> new TreeMap<>())
                .putAll(Map.of(
                        "run_id",
                        "text",
                        "job",
                        "text",
                        "started_at",
                        "timestamptz",
                        "status",
                        "text",
                        "planned",
                        "jsonb",
                        "actual",
                        "jsonb"));
        // The change log every load writes (crm-migrate rollback reads it back).
        needed.computeIfAbsent(ChangeLog.TABLE, k -> new TreeMap<>())
                .putAll(Map.of(
                        "run_id",
                        "text",
                        "table_name",
                        "text",
                        "key1",
                        "uuid",
                        "key2",
                        "uuid",
                        "before",
                        "jsonb",
                        "after",
                        "jsonb"));
        List<String> problems = new ArrayList<>();
        try (Connection c = db.open()) {
            for (Map.Entry<String, Map<String, String>> t : needed.entrySet()) {
                Map<String, String> actual = columns(c, db.schema(), t.getKey());
                if (actual.isEmpty()) {
                    problems.add("table " + db.schema() + "." + t.getKey() + " does not exist");
                    continue;
                }
                for (Map.Entry<String, String> col : t.getValue().entrySet()) {
                    String type = actual.get(col.getKey());
                    if (type == null) {
                        problems.add("column " + t.getKey() + "." + col.getKey() + " does not exist (expected type "
                                + col.getValue() + ")");
                    } else if (!type.equals(col.getValue())) {
                        problems.add("column " + t.getKey() + "." + col.getKey() + " has type " + type + ", expected "
                                + col.getValue());
                    }
                }
                problems.addAll(limitProblems(c, db.schema(), t.getKey()));
                String key = uniqueKeys.get(t.getKey());
                if (key != null && !hasUniqueIndex(c, db.schema(), t.getKey(), key)) {
                    problems.add(
                            "table " + t.getKey() + " has no unique index on " + key + " (the upsert relies on it)");
                }
            }
        } catch (SQLException e) {
            throw Errors.database("preflight", db.safeUrl(), e);
        }
        if (!problems.isEmpty()) {
            throw Errors.check(
                    "preflight failed on %s, nothing was written: %s; run 'crm-migrate schema' or fix the table",
                    db.safeUrl(), String.join("; ", problems));
        }
    }

    /**
     * The {@link FieldLimit}s against the table's btree indexes: a value its limit lets through must fit an index entry
     * ({@value FieldLimit#BTREE_MAX_BYTES} bytes), or one long value would fail the whole load. Catches an index a user
     * added on a free-text column.
     */
    static List<String> limitProblems(Connection c, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String[]> indexes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select i.relname, pg_get_indexdef(i.oid) from pg_index x "
                + "join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid "
                + "join pg_namespace n on n.oid = t.relnamespace join pg_am am on am.oid = i.relam "
                + "where n.nspname = ? and t.relname = ? and am.amname = 'btree'")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        for (FieldLimit limit : FieldLimit.values()) {
            for (String tc : limit.columns) {
                String[] parts = tc.split("\\.");
                if (!parts[0].equals(table) || limit.maxBytes() <= FieldLimit.BTREE_MAX_BYTES) {
                    continue;
                }
                Pattern column = Pattern.compile("\\b" + Pattern.quote(parts[1]) + "\\b");
                for (String[] ix : indexes) {
                    String keys = ix[1].substring(ix[1].indexOf('(') + 1);
                    if (column.matcher(keys).find()) {
                        out.add(String.format(
                                Locale.ROOT,
                                "btree index %s on %s holds at most %,d bytes per entry, but the limit for %s "
                                        + "lets values of %,d characters (up to %,d bytes) through; drop the index "
                                        + "or index a prefix or hash",
                                ix[0],
                                tc,
                                FieldLimit.BTREE_MAX_BYTES,
                                limit.label,
                                limit.maxChars,
                                limit.maxBytes()));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> columns(Connection c, String schema, String table) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select column_name, udt_name from information_schema.columns where table_schema = ? and table_name "
                        + "= ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static boolean hasUniqueIndex(Connection c, String schema, String table, String key) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select indexdef from pg_indexes where schemaname = ? and tablename = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = rs.getString(1);
                    if (def.startsWith("CREATE UNIQUE INDEX")
                            && def.replace(" USING btree ", " ").endsWith(key)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
