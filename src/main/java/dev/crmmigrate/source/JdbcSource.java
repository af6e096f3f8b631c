package dev.crmmigrate.source;

import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Partitioned JDBC reads: a table is read by N parallel queries, each taking the rows whose key hashes to its
 * partition, never one giant query. The partition of a row is {@code (hashtext(key::text) & 2147483647) % N}:
 * masking the sign bit keeps every hash non-negative, where {@code abs()} fails with "integer out of range" on a key
 * that hashes to -2^31.
 */
public final class JdbcSource {
  private JdbcSource() {}

  /** Reads {@code schema.table} (or a sub-query alias) split on {@code key} into the database's read_partitions. */
  public static Dataset<Row> read(SparkSession spark, Database db, String table, String key) {
    return read(spark, db, db.schema(), table, key);
  }

  public static Dataset<Row> read(SparkSession spark, Database db, String schema, String table, String key) {
    return query(spark, db, Identifiers.quote(schema) + "." + Identifiers.quote(table), Identifiers.requireValid("key", key));
  }

  /**
   * Reads a query of the product's own (never user text) as {@code (sql) q}, split on {@code key}.
   */
  public static Dataset<Row> query(SparkSession spark, Database db, String relation, String key) {
    int n = db.settings().readPartitions();
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
