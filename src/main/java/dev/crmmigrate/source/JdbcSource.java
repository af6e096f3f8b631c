package dev.crmmigrate.source;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partitioned JDBC reads: a table is read by N parallel queries, each taking the rows whose key hashes to its
 * partition, never one giant query. The partition of a row is {@code (hashtext(key::text) & 2147483647) % N}:
 * masking the sign bit keeps every hash non-negative, where {@code abs()} fails with "integer out of range" on a key
 * that hashes to -2^31.
 *
 * <p>N is sized to the table: one partition per {@link #ROWS_PER_PARTITION} estimated rows, at most the database's
 * {@code read_partitions} (default 8). Each partition's query scans the whole table to find its rows, so a small table
 * read in 8 partitions costs 8 scans and 8 tasks for nothing.
 */
public final class JdbcSource {
    /** Estimated rows per partition of a read. */
    static final long ROWS_PER_PARTITION = 250_000;
    /** Bytes per row assumed when the table's statistics are older than its size (a bulk load not analyzed yet). */
    static final long BYTES_PER_ROW_GUESS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSource.class);

    private JdbcSource() {}

    /** Reads {@code schema.table} split on {@code key}, in partitions sized to the table. */
    public static Dataset<Row> read(SparkSession spark, Database db, String table, String key) {
        return read(spark, db, db.schema(), table, key);
    }

    public static Dataset<Row> read(SparkSession spark, Database db, String schema, String table, String key) {
        String relation = Identifiers.quote(schema) + "." + Identifiers.quote(table);
        return query(spark, db, relation, Identifiers.requireValid("key", key), relation);
    }

    /**
     * Reads a query of the product's own (never user text) as {@code (sql) q}, split on {@code key}, in partitions
     * sized
     * to {@code sizedBy}, the table that drives the query (a qualified, quoted name).
     */
    public static Dataset<Row> query(SparkSession spark, Database db, String relation, String key, String sizedBy) {
        long rows = estimatedRows(db, sizedBy);
        int n = partitionsFor(rows, db.settings().readPartitions());
        LOG.debug("reading {} in {} partition(s): about {} rows", sizedBy, n, rows);
        return query(spark, db, relation, key, n);
    }

    /** The partitions for a table of about {@code rows} rows: one per {@link #ROWS_PER_PARTITION}, 1 to {@code max}. */
    static int partitionsFor(long rows, int max) {
        return (int) Math.max(1, Math.min(max, (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
    }

    /**
     * The planner's row estimate of a table ({@code pg_class.reltuples}), or its size over {@link #BYTES_PER_ROW_GUESS}
     * when that is larger: a table filled since it was last analyzed still says 0 (or -1, never analyzed).
     */
    public static long estimatedRows(Database db, String table) {
        try (Connection c = db.open();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT greatest(c.reltuples, 0)::bigint, pg_relation_size(c.oid) FROM pg_class c WHERE "
                                + "c.oid = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                return Math.max(rs.getLong(1), rs.getLong(2) / BYTES_PER_ROW_GUESS);
            }
        } catch (SQLException e) {
            throw Errors.runtime("cannot read the size of %s in %s: %s", table, db.url(), e.getMessage());
        }
    }

    /** Reads {@code relation} split on {@code key} into exactly {@code n} partitions. */
    static Dataset<Row> query(SparkSession spark, Database db, String relation, String key, int n) {
        String[] predicates = new String[n];
        for (int i = 0; i < n; i++) {
            predicates[i] = partitionOf(key, n) + " = " + i;
        }
        Properties props = db.connectionProperties();
        props.setProperty("fetchsize", "10000");
        return spark.read().jdbc(db.url(), relation, predicates, props);
    }

    /** The SQL expression of a row's partition in [0, n): never negative, never an overflow. */
    static String partitionOf(String key, int n) {
        return "((hashtext((" + key + ")::text) & 2147483647) % " + n + ")";
    }
}
