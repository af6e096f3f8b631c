package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rejected input, one row per rejected record or field: source file or table, the line of a CSV record, the record's id, the field, the raw
 * value and the reason. Rejects hold raw values (they are for fixing the input); reports show counts only.
 */
public final class Rejects {
  public static final String[] COLUMNS = {"source", "line", "record_id", "field", "value", "reason"};

  private Rejects() {}

  /** Rejects: rows of {@code ds} where {@code reason} is not null; {@code field} null means the whole record is rejected. */
  public static Dataset<Row> field(Dataset<Row> ds, String source, Column recordId, String field, Column value, Column reason) {
    return ds.where(reason.isNotNull())
        .select(lit(source).as("source"),
            (java.util.Arrays.asList(ds.columns()).contains(CsvSource.LINE) ? col(CsvSource.LINE) : lit(null).cast("long")).as("line"),
            recordId.cast("string").as("record_id"), lit(field).cast("string").as("field"),
            value.cast("string").as("value"), reason.as("reason"));
  }
}
