package dev.crmmigrate.spark;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Small Column helpers Java cannot get from Scala's implicits. */
public final class SparkCols {
    private SparkCols() {}

    /** A literal array<string> (empty arrays typed too). */
    public static Column strings(String... values) {
        return functions
                .array(Arrays.stream(values).map(functions::lit).toArray(Column[]::new))
                .cast("array<string>");
    }
}
