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
 * executors ahead of time — see {@link Encoded} — never the data set). The
 * target is locked against other writers first, so "empty" stays true until the transaction ends.
 *
 * <p>The target's indexes and keys are dropped before the COPY and built again after it (see {@link #deferIndexes}).
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
   * COPYs the encoded rows into the empty target on the load transaction's connection; returns the rows written. The
   * driver receives one partition's blocks at a time and forwards them.
   */
  static long copy(Connection c, StageTable t, Encoded rows) throws SQLException {
    java.util.List<String> rebuild = deferIndexes(c, t.target);
    String sql = "COPY " + t.target + " (" + String.join(", ", t.columnNames()) + ") FROM STDIN WITH (FORMAT csv)";
    Iterator<byte[]> blocks = rows.blocks();
    long n = CopyWriter.send(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql), blocks, () -> { });
    try (Statement st = c.createStatement()) {
      for (String ddl : rebuild) {
        st.execute(ddl);
      }
    }
    return n;
  }

  /**
   * The COPY text of one table, encoded by the executors in parallel as soon as the load starts — while the other
   * tables are copied into staging — and kept on their local disks, so the stream inside the transaction only reads
   * finished blocks: the executors' encoding never waits on the single COPY backend, nor the backend on one partition
   * being encoded at a time. Close it to drop the blocks (and stop an encoding still running).
   */
  static final class Encoded implements AutoCloseable {
    private final org.apache.spark.api.java.JavaRDD<byte[]> blocks;
    private final org.apache.spark.api.java.JavaFutureAction<Long> encoding;
    /** Seconds the transaction waited for the encoding to finish. */
    double waited;

    private Encoded(org.apache.spark.api.java.JavaRDD<byte[]> blocks) {
      this.blocks = blocks;
      this.encoding = blocks.countAsync();
    }

    /** Starts encoding the staged rows of {@code t} as its INSERT would write them. */
    static Encoded start(StageTable t, Dataset<Row> staged) {
      java.util.List<StageTable.Col> cols = t.columns;
      return new Encoded(rows(t, staged)
          .mapPartitions((MapPartitionsFunction<Row, byte[]>) it -> CopyWriter.blocks(-1, it, cols), Encoders.BINARY())
          .toJavaRDD().persist(org.apache.spark.storage.StorageLevel.DISK_ONLY()));
    }

    /** The blocks in partition order, one partition at a time on the driver, once the encoding has finished. */
    Iterator<byte[]> blocks() throws SQLException {
      long t0 = System.nanoTime();
      try {
        encoding.get();
        waited = (System.nanoTime() - t0) / 1e9;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while the rows were encoded", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new SQLException("encoding the rows for COPY failed: " + e.getCause().getMessage(), e.getCause());
      }
      return blocks.toLocalIterator();
    }

    @Override
    public void close() {
      if (!encoding.isDone()) {
        encoding.cancel(true);
      }
      blocks.unpersist(false);
    }
  }

  /**
   * Drops every index of the target — its primary key and unique constraints, its other indexes, and the foreign keys
   * of other tables that rely on its key — and returns the statements that build them again, in order: keys, indexes,
   * then the foreign keys. One sorted build after the COPY costs far less than maintaining each index row by row (at
   * scale 10 the primary key alone, random uuids inserted one by one, is most of the emails COPY).
   *
   * <p>Only ever called on an empty table inside the load transaction: the dropped objects take ACCESS EXCLUSIVE locks,
   * so nobody sees the tables without them, and a duplicate makes the rebuild fail and the transaction roll back. The
   * foreign keys that reference an empty table can only hold NULLs, so checking them again is a scan of nothing.
   * Nothing is dropped when the current role does not own the table and every table whose foreign key it would drop
   * (only an owner may).
   */
  static java.util.List<String> deferIndexes(Connection c, String table) throws SQLException {
    java.util.List<String> dropFks = new java.util.ArrayList<>();
    java.util.List<String> addFks = new java.util.ArrayList<>();
    try (java.sql.PreparedStatement ps = c.prepareStatement(
        "SELECT pg_has_role(current_user, t.relowner, 'USAGE'), bool_and(pg_has_role(current_user, ch.relowner, 'USAGE')) "
            + "FROM pg_class t LEFT JOIN pg_constraint f ON f.confrelid = t.oid AND f.contype = 'f' "
            + "LEFT JOIN pg_class ch ON ch.oid = f.conrelid WHERE t.oid = ?::regclass GROUP BY t.relowner")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1) || Boolean.FALSE.equals(rs.getObject(2))) {
          // Only owners may drop indexes and constraints: a role that may only insert keeps them and pays per row.
          return java.util.List.of();
        }
      }
    }
    try (java.sql.PreparedStatement ps = c.prepareStatement(
        "SELECT f.conrelid::regclass::text, f.conname, pg_get_constraintdef(f.oid) FROM pg_constraint f "
            + "WHERE f.contype = 'f' AND f.confrelid = ?::regclass ORDER BY 1, 2")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = quote(rs.getString(2));
          dropFks.add("ALTER TABLE " + rs.getString(1) + " DROP CONSTRAINT " + name);
          addFks.add("ALTER TABLE " + rs.getString(1) + " ADD CONSTRAINT " + name + " " + rs.getString(3));
        }
      }
    }
    java.util.List<String> drop = new java.util.ArrayList<>(dropFks);
    java.util.List<String> rebuild = new java.util.ArrayList<>();
    try (java.sql.PreparedStatement ps = c.prepareStatement(
        "SELECT con.conname, pg_get_constraintdef(con.oid), NULL FROM pg_constraint con "
            + "WHERE con.conrelid = ?::regclass AND con.contype IN ('p', 'u') "
            + "UNION ALL SELECT NULL, NULL, pg_get_indexdef(i.indexrelid) || ':' || i.indexrelid::regclass::text FROM pg_index i "
            + "WHERE i.indrelid = ?::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid "
            + "AND con.conrelid = i.indrelid) ORDER BY 1 NULLS LAST")) {
      ps.setString(1, table);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1) != null) {
            String name = quote(rs.getString(1));
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
    rebuild.addAll(addFks);
    try (Statement st = c.createStatement()) {
      for (String ddl : drop) {
        st.execute(ddl);
      }
    }
    return rebuild;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

}
