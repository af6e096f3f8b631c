package dev.crmmigrate.load;

import dev.crmmigrate.config.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's own foreign keys, checked once after a set-based insert instead of once per row: PostgreSQL checks a
 * foreign key on insert by a trigger per row (an index lookup and a {@code FOR KEY SHARE} lock of the referenced row,
 * a WAL record and a dirtied page each); adding the constraint again checks every row of the table in one join.
 *
 * <p>Only for a load in a maintenance window ({@link dev.crmmigrate.config.LoadSettings}): dropping a foreign key
 * locks the referenced table ACCESS EXCLUSIVE until the transaction ends. Inside the load transaction nobody sees the
 * table without its constraints, and a row that breaks one fails the {@code ADD CONSTRAINT} and rolls everything back.
 */
final class ForeignKeys {
    private ForeignKeys() {}

    /**
     * Drops the foreign keys declared on {@code table} and returns the statements that add them again, in name order;
     * drops nothing and returns an empty list when the current role does not own the table and every table it
     * references (only an owner may drop and add them).
     */
    static List<String> dropOwn(Connection c, String table) throws SQLException {
        List<String> drop = new ArrayList<>();
        List<String> add = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.conname, pg_get_constraintdef(f.oid), "
                + "pg_has_role(current_user, t.relowner, 'USAGE') AND pg_has_role(current_user, r.relowner, 'USAGE') "
                + "FROM pg_constraint f JOIN pg_class t ON t.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid "
                + "WHERE f.contype = 'f' AND f.conrelid = ?::regclass ORDER BY 1")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(3)) {
                        return List.of();
                    }
                    String name = Identifiers.quoteAny(rs.getString(1));
                    drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
                    add.add("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + rs.getString(2));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String ddl : drop) {
                st.execute(ddl);
            }
        }
        return add;
    }

    /**
     * The statements that drop and add again the foreign keys of other tables that reference {@code table}, in table
     * and name order (the direct COPY into an empty table drops them with its indexes).
     */
    static void into(Connection c, String table, List<String> drop, List<String> add) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT f.conrelid::regclass::text, f.conname, pg_get_constraintdef(f.oid) FROM pg_constraint f "
                        + "WHERE f.contype = 'f' AND f.confrelid = ?::regclass ORDER BY 1, 2")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = Identifiers.quoteAny(rs.getString(2));
                    drop.add("ALTER TABLE " + rs.getString(1) + " DROP CONSTRAINT " + name);
                    add.add("ALTER TABLE " + rs.getString(1) + " ADD CONSTRAINT " + name + " " + rs.getString(3));
                }
            }
        }
    }

    /** Adds the dropped foreign keys again: one check of every row of the table each. */
    static void addAgain(Connection c, List<String> add) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : add) {
                st.execute(ddl);
            }
        }
    }
}
