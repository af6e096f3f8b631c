package dev.crmmigrate.load;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.postgresql.PGConnection;

/**
 * The initial-load path: when a target table is empty, its staged rows need no staging table and no upsert — they
 * are COPYed straight into the target, inside the load transaction (so the load stays all or nothing), streamed from
 * Spark one partition at a time ({@code toLocalIterator}: the driver holds one partition's COPY text, encoded on the
 * executors, never the data set). The
 * target is locked against other writers first, so "empty" stays true until the transaction ends.
 *
 * <p>Secondary indexes are dropped before the COPY and built again after it (see {@link #dropSecondaryIndexes}).
 *
 * <p>Only tables whose load statement is a plain insert qualify: emails (a fresh row carries its status, so there is
 * no status to upgrade) and people. Each keeps the defaults of its INSERT statement.
 */
final class DirectCopy {
  /** The tables that qualify, with the figure their COPY counts as. */
  static final Map<StageTable, String> FIGURES = Map.of(StageTable.EMAILS, "emails_inserted", StageTable.PEOPLE, "people_inserted");

  private DirectCopy() {}

  /** True when the target of {@code t} has no row (take the lock first for the answer to hold). */
  static boolean targetEmpty(Connection c, StageTable t) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + t.target + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The staged rows as the INSERT statement would write them: its coalesce defaults applied in Spark. */
  static Dataset<Row> rows(StageTable t, Dataset<Row> staged) {
    Column[] cols = switch (t) {
      case EMAILS -> new Column[] {col("id"), col("address"), col("status"), coalesce(col("metadata"), lit("{}")).as("metadata")};
      case PEOPLE -> new Column[] {col("id"), col("first_name"), col("last_name"),
          coalesce(col("tags"), array().cast("array<string>")).as("tags"), col("lead_status"), col("user_id"),
          coalesce(col("details"), lit("{}")).as("details"), coalesce(col("created_at"), current_timestamp()).as("created_at")};
      default -> throw new IllegalArgumentException(t + " has no direct path");
    };
    return staged.select(cols);
  }

  /**
   * COPYs the rows into the empty target on the load transaction's connection; returns the rows written. The
   * executors encode the COPY text in parallel; the driver receives one partition's blocks at a time and forwards them.
   */
  static long copy(Connection c, StageTable t, Dataset<Row> staged) throws SQLException {
    java.util.List<String> rebuild = dropSecondaryIndexes(c, t.target);
    long n = stream(c, t, staged);
    try (Statement st = c.createStatement()) {
      for (String ddl : rebuild) {
        st.execute(ddl);
      }
    }
    return n;
  }

  /**
   * Drops the target's unique constraints and indexes other than its primary key and those foreign keys rely on, and
   * returns the statements that build them again: one sorted build after the COPY costs far less than maintaining
   * each index row by row. Nothing is dropped when the current role does not own the table. Only ever called on an empty table inside the load transaction, so nobody sees it without
   * them, and a duplicate makes the rebuild fail and the transaction roll back.
   */
  static java.util.List<String> dropSecondaryIndexes(Connection c, String table) throws SQLException {
    try (java.sql.PreparedStatement own = c.prepareStatement(
        "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = ?::regclass")) {
      own.setString(1, table);
      try (ResultSet rs = own.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          // Only the table's owner may drop its indexes: a role that may only insert keeps them and pays per row.
          return java.util.List.of();
        }
      }
    }
    java.util.List<String> drop = new java.util.ArrayList<>();
    java.util.List<String> rebuild = new java.util.ArrayList<>();
    try (java.sql.PreparedStatement ps = c.prepareStatement(
        "SELECT con.conname, pg_get_constraintdef(con.oid), NULL FROM pg_constraint con "
            + "WHERE con.conrelid = ?::regclass AND con.contype = 'u' "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = con.conindid) "
            + "UNION ALL SELECT NULL, NULL, pg_get_indexdef(i.indexrelid) || ':' || i.indexrelid::regclass::text FROM pg_index i "
            + "WHERE i.indrelid = ?::regclass AND NOT i.indisprimary "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)")) {
      ps.setString(1, table);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1) != null) {
            String name = "\"" + rs.getString(1).replace("\"", "\"\"") + "\"";
            drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
            rebuild.add("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + rs.getString(2));
          } else {
            String def = rs.getString(3);
            int colon = def.lastIndexOf(':');
            drop.add("DROP INDEX " + def.substring(colon + 1));
            rebuild.add(def.substring(0, colon));
          }
        }
      }
    }
    try (Statement st = c.createStatement()) {
      for (String ddl : drop) {
        st.execute(ddl);
      }
    }
    return rebuild;
  }

  private static long stream(Connection c, StageTable t, Dataset<Row> staged) throws SQLException {
    String sql = "COPY " + t.target + " (" + String.join(", ", t.columnNames()) + ") FROM STDIN WITH (FORMAT csv)";
    java.util.List<StageTable.Col> cols = t.columns;
    Iterator<byte[]> blocks = rows(t, staged)
        .mapPartitions((MapPartitionsFunction<Row, byte[]>) it -> CopyWriter.blocks(-1, it, cols), Encoders.BINARY())
        .toLocalIterator();
    return CopyWriter.send(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql), blocks, () -> { });
  }
}
