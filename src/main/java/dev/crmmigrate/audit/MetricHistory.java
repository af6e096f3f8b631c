package dev.crmmigrate.audit;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The audits' metric history: a Delta table every audit run appends to (run id, time, audit, metric, dimensions,
 * value), so runs can be compared later (the re-audit's drift report reads it).
 */
public final class MetricHistory {
    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("run_time", DataTypes.TimestampType, false)
            .add("audit", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("dimensions", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
            .add("value", DataTypes.DoubleType, false);

    private final SparkSession spark;
    private final String path;

    public MetricHistory(SparkSession spark, Path dir) {
        this.spark = spark;
        this.path = dir.toAbsolutePath().toString();
    }

    /** Appends one run's metrics (a few hundred rows at most: made on the driver). */
    public void append(String runId, Instant time, List<Metric> metrics) {
        List<Row> rows = metrics.stream()
                .map(m -> RowFactory.create(
                        runId,
                        Timestamp.from(time),
                        m.audit(),
                        m.name(),
                        CollectionConverters.asScala(m.dimensions()),
                        m.value()))
                .toList();
        spark.createDataFrame(rows, SCHEMA)
                .write()
                .format("delta")
                .mode("append")
                .save(path);
    }

    public boolean exists() {
        return DeltaTable.isDeltaTable(spark, path);
    }

    public Dataset<Row> read() {
        return spark.read().format("delta").load(path);
    }
}
