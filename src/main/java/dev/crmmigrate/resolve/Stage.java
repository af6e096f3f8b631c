package dev.crmmigrate.resolve;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.load.StageTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Shapes Datasets into the exact schema of a {@link StageTable}. */
public final class Stage {
    private Stage() {}

    /** Selects the stage table's columns in order, cast to their Spark types; a missing column is an error. */
    public static Dataset<Row> conform(Dataset<Row> ds, StageTable table) {
        return ds.select(table.columns.stream()
                .map(c -> col(c.name()).cast(c.sparkType()).as(c.name()))
                .toArray(Column[]::new));
    }

    /** [first, last]: the name split on its first space after trimming and collapsing whitespace. */
    public static Column[] splitName(Column name) {
        Column clean = regexp_replace(trim(name), "\\s+", " ");
        Column parts = split(clean, " ", 2);
        Column blank = name.isNull().or(clean.equalTo(lit("")));
        return new Column[] {
            when(blank, lit(null).cast("string")).otherwise(try_element_at(parts, lit(1))),
            when(blank, lit(null).cast("string")).otherwise(try_element_at(parts, lit(2)))
        };
    }
}
