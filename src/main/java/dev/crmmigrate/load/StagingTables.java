package dev.crmmigrate.load;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Faults;
import dev.crmmigrate.Secrets;
import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;

/**
 * The load's staging writer: one UNLOGGED table per staged CRM table of a run, in {@link #SCHEMA}, filled by a COPY of
 * every Spark partition in parallel on the executors, each in its own transaction that first deletes what an earlier
 * attempt of the same partition left, so a retried task never duplicates rows.
 */
final class StagingTables {
    static final String SCHEMA = "crm_migrate_stage";

    private final Database db;
    private final String prefix;

    /** The staging tables of run {@code runId}: their names are the same on every attempt of the run. */
    StagingTables(Database db, String runId) {
        this.db = db;
        this.prefix = "r" + Integer.toHexString(runId.hashCode() & 0x7fffffff) + "_";
    }

    /** The schema-qualified name of {@code t}'s staging table. */
    String name(StagedTable t) {
        return SCHEMA + "." + Identifiers.requireValid("staging table", prefix + t.stageName());
    }

    void create(Set<StagedTable> tables) {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            for (StagedTable t : tables) {
                StringBuilder ddl = new StringBuilder("CREATE UNLOGGED TABLE IF NOT EXISTS ")
                        .append(name(t))
                        .append(" (_part int NOT NULL");
                for (StagedTable.Col col : t.columns) {
                    ddl.append(", ").append(col.name()).append(' ').append(col.pgType());
                }
                st.execute(ddl.append(')').toString());
            }
        } catch (SQLException e) {
            throw Errors.database("creating staging tables", db.safeUrl(), e);
        }
    }

    void drop(Set<StagedTable> tables) {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            for (StagedTable t : tables) {
                st.execute("DROP TABLE IF EXISTS " + name(t));
            }
        } catch (SQLException e) {
            throw Errors.database("dropping staging tables", db.safeUrl(), e);
        }
    }

    /** COPY of {@code rows} into {@code t}'s staging table; returns the rows copied. */
    long copy(StagedTable t, Dataset<Row> rows) {
        return copy(rows, name(t), t, db.url(), db.connectionProperties());
    }

    /**
     * COPY of every partition, in parallel on the executors; returns the rows copied. A Spark task that fails and is
     * retried (even after its transaction committed) deletes what its partition wrote before and writes it again.
     */
    static long copy(Dataset<Row> rows, String table, StagedTable kind, String url, Properties props) {
        List<StagedTable.Col> cols = kind.columns;
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
            throw Errors.database("clearing " + table, Secrets.scrub(url), e);
        }
        LongAccumulator count = rows.sparkSession().sparkContext().longAccumulator("rows copied into " + table);
        ordered.foreachPartition(
                (ForeachPartitionFunction<Row>) it -> count.add(copyPartition(url, props, sql, delete, cols, it)));
        // Accumulators updated inside an action count each successful task once, retries included only once.
        return count.value();
    }

    private static long copyPartition(
            String url, Properties props, String sql, String delete, List<StagedTable.Col> cols, Iterator<Row> rows)
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
                    () -> Faults.point(Faults.Point.COPY_STARTED));
            Faults.point(Faults.Point.COPY_BEFORE_COMMIT);
            c.commit();
            Faults.point(Faults.Point.COPY_AFTER_COMMIT);
            return n;
        }
    }
}
