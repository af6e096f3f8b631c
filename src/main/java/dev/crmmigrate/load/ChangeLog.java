package dev.crmmigrate.load;

import dev.crmmigrate.stage.StagedTable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The change log a load or a follow-up writes inside its own transaction ({@code migration_changes}): each statement
 * of a staged table, or of a follow-up that changes rows, is wrapped so that the rows it inserts (their primary key)
 * or updates (before- and after-image of the columns it writes) are recorded by the same statement.
 * {@code crm-migrate rollback} reads it back.
 *
 * <p>An update's before-image comes from the target as it was when the statement started: every part of one
 * statement, data-modifying CTEs included, reads the same snapshot, so the join to the target sees the old row.
 * The wrapped statement's row count is the number of rows logged, which is the number it inserted or updated.
 */
public final class ChangeLog {
    public static final String TABLE = "migration_changes";

    private ChangeLog() {}

    /** The statement of {@code table}, with its staging table already substituted, wrapped to log what it changes. */
    public static String logged(StagedTable table, StagedTable.Statement statement, String sql) {
        return statement.isUpdate()
                ? loggedUpdate(table.target, table.rowKey, statement.alias(), statement.writes(), sql)
                : loggedInsert(table.target, table.rowKey, sql);
    }

    /**
     * An {@code INSERT} into {@code target} (without a RETURNING clause), wrapped to log the key ({@code rowKey}: one
     * or two uuid columns) of every row it inserts under {@code :run_id}.
     */
    public static String loggedInsert(String target, List<String> rowKey, String sql) {
        return "WITH changed AS (" + sql + " RETURNING " + keys(rowKey, null) + ") INSERT INTO " + TABLE
                + " (run_id, table_name, op, key1, key2) SELECT :run_id, '" + target + "', 'I', key1, "
                + (rowKey.size() > 1 ? "key2" : "NULL") + " FROM changed";
    }

    /**
     * An {@code UPDATE target alias …} (without a RETURNING clause) that writes {@code writes}, wrapped to log the
     * before- and after-image of those columns of every row it updates under {@code :run_id}.
     */
    public static String loggedUpdate(
            String target, List<String> rowKey, String alias, List<String> writes, String sql) {
        return "WITH changed AS (" + sql + " RETURNING " + keys(rowKey, alias) + ", " + image(writes, alias)
                + " AS after) INSERT INTO " + TABLE + " (run_id, table_name, op, key1, key2, before, after) "
                + "SELECT :run_id, '" + target + "', 'U', c.key1, "
                + (rowKey.size() > 1 ? "c.key2" : "NULL")
                + ", " + image(writes, "o") + ", c.after FROM changed c JOIN " + target + " o ON "
                + join(rowKey);
    }

    /** After a direct COPY into a target that was empty (and locked): every row of it is the run's. */
    public static String loggedDirectCopy(StagedTable table) {
        return "INSERT INTO " + TABLE + " (run_id, table_name, op, key1, key2) SELECT :run_id, '" + table.target
                + "', 'I', " + table.rowKey.get(0) + ", " + (table.rowKey.size() > 1 ? table.rowKey.get(1) : "NULL")
                + " FROM " + table.target;
    }

    /** {@code jsonb_build_object('col', alias.col, …)}: the image of the written columns. */
    public static String image(List<String> columns, String alias) {
        return columns.stream()
                .map(c -> "'" + c + "', " + alias + "." + c)
                .collect(Collectors.joining(", ", "jsonb_build_object(", ")"));
    }

    private static String keys(List<String> rowKey, String alias) {
        String prefix = alias == null ? "" : alias + ".";
        StringBuilder out = new StringBuilder(prefix + rowKey.get(0) + " AS key1");
        if (rowKey.size() > 1) {
            out.append(", ").append(prefix).append(rowKey.get(1)).append(" AS key2");
        }
        return out.toString();
    }

    private static String join(List<String> rowKey) {
        StringBuilder out = new StringBuilder("o." + rowKey.get(0) + " = c.key1");
        if (rowKey.size() > 1) {
            out.append(" AND o.").append(rowKey.get(1)).append(" = c.key2");
        }
        return out.toString();
    }
}
