package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import dev.crmmigrate.normalize.NormalizeColumns;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rejected input, one row per rejected record or field: source file or table, the line of a CSV record, the record's
 * id, the field, the raw
 * value and the reason. Rejects hold raw values (they are for fixing the input); reports show counts only.
 */
public final class Rejects {
    /** The column naming a rejected field; null when the whole record was rejected. */
    public static final String FIELD = "field";

    public static final String[] COLUMNS = {"source", "line", "record_id", "field", "value", "reason"};

    private Rejects() {}

    /**
     * The field rejects that {@link NormalizeColumns#sanitize} recorded (values over their limit): the record stays,
     * without the field.
     */
    public static Dataset<Row> fieldLimits(Dataset<Row> sanitized, String source, Column recordId) {
        return issues(sanitized, source, recordId, "reason");
    }

    /**
     * The field repairs that {@link NormalizeColumns#sanitize} made (untyped characters removed), as reject-shaped
     * rows.
     */
    public static Dataset<Row> repairs(Dataset<Row> sanitized, String source, Column recordId) {
        return issues(sanitized, source, recordId, "repair");
    }

    private static Dataset<Row> issues(Dataset<Row> sanitized, String source, Column recordId, String kind) {
        Column line = Arrays.asList(sanitized.columns()).contains(CsvSource.LINE)
                ? col(CsvSource.LINE)
                : lit(null).cast("long");
        return sanitized
                .select(
                        line.as("line"),
                        recordId.cast("string").as("record_id"),
                        explode(col(NormalizeColumns.FIELD_ISSUES)).as("i"))
                .where(col("i." + kind).isNotNull())
                .select(
                        lit(source).as("source"),
                        col("line"),
                        col("record_id"),
                        col("i.field").as("field"),
                        col("i.value").as("value"),
                        col("i." + kind).as("reason"));
    }

    /**
     * Rejects: rows of {@code ds} where {@code reason} is not null; {@code field} null means the whole record is
     * rejected.
     */
    public static Dataset<Row> field(
            Dataset<Row> ds, String source, Column recordId, String field, Column value, Column reason) {
        return ds.where(reason.isNotNull())
                .select(
                        lit(source).as("source"),
                        (Arrays.asList(ds.columns()).contains(CsvSource.LINE)
                                        ? col(CsvSource.LINE)
                                        : lit(null).cast("long"))
                                .as("line"),
                        recordId.cast("string").as("record_id"),
                        lit(field).cast("string").as("field"),
                        value.cast("string").as("value"),
                        reason.as("reason"));
    }
}
