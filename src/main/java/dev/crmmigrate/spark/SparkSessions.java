package dev.crmmigrate.spark;

import dev.crmmigrate.config.CrmConfig;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a job. The Delta extension and catalog are always set; the configured
 * {@code spark.*} settings pass through unchanged. Under spark-submit the master comes from spark-submit and the
 * configured one is ignored.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession create(CrmConfig config) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(config.spark().appName())
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config(
                        "spark.sql.warehouse.dir",
                        config.workDir().resolve("warehouse").toAbsolutePath().toString())
                // Delta's own retention checks are for shared tables; our staged tables belong to one run.
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.debug.maxToStringFields", "500");
        boolean submitted = System.getProperty("spark.master") != null;
        if (!submitted) {
            builder.master(config.spark().master());
            if (config.spark().master().startsWith("local")) {
                builder.config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "8")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        for (Map.Entry<String, String> e : config.spark().conf().entrySet()) {
            builder.config(e.getKey(), e.getValue());
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().addSparkListener(new JobTimings());
        return spark;
    }
}
