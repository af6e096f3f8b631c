package dev.crmmigrate.spark;

import dev.crmmigrate.PrivateFiles;
import dev.crmmigrate.config.CrmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession of a job. The Delta extension and catalog are always set; the configured
 * {@code spark.*} settings pass through unchanged. Under spark-submit the master comes from spark-submit and the
 * configured one is ignored.
 */
public final class SparkSessions {
    static final String LOCAL_DIR = "spark.local.dir";

    private SparkSessions() {}

    /**
     * Shuffle and spill files hold raw contact values: they go under the owner-only work directory, in a folder per
     * process, instead of the shared {@code /tmp} with mode 0644. Spark deletes its folders when it stops; those a
     * killed run left (their process is gone) are deleted here.
     */
    static Path localDir(Path workDir) {
        Path tmp = PrivateFiles.directory(workDir.toAbsolutePath().resolve("tmp"));
        try (Stream<Path> old = Files.list(tmp)) {
            old.filter(p -> p.getFileName().toString().startsWith("spark-"))
                    .filter(p -> ProcessHandle.of(pid(p)).isEmpty())
                    .forEach(SparkSessions::deleteTree);
        } catch (IOException e) {
            // leftovers stay where only this account can read them
        }
        long pid = ProcessHandle.current().pid();
        Path dir = PrivateFiles.directory(tmp.resolve("spark-" + pid));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        return dir;
    }

    /**
     * The JVM's temporary folder moved into the run's private one before Spark starts: what libraries unpack or
     * spill there (Spark's artifact folders, the native snappy and lz4 libraries this process then loads) no longer
     * lands in the shared /tmp, and goes away with the folder.
     */
    static void privateTemp(Path local) {
        Path tmp = PrivateFiles.directory(local.resolve("java-tmp"));
        System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());
    }

    private static long pid(Path dir) {
        try {
            return Long.parseLong(dir.getFileName().toString().substring("spark-".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        try {
            PrivateFiles.deleteTree(dir);
        } catch (RuntimeException e) {
            // best effort: the folder is private either way
        }
    }

    /** The one SparkSession of a job: {@link #builder}'s settings, with the job timings listening. */
    public static SparkSession create(CrmConfig config) {
        SparkSession spark = builder(config).getOrCreate();
        spark.sparkContext().addSparkListener(new JobTimings());
        return spark;
    }

    /** The product's session settings for {@code config}, before the session is created (tests add theirs). */
    public static SparkSession.Builder builder(CrmConfig config) {
        // Everything under the work directory can hold a contact value (staged tables, shuffle files, reports):
        // only this account may enter it.
        PrivateFiles.directory(config.workDir().toAbsolutePath());
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
                // Staged tables are written once and read whole: per-file min/max statistics only cost (an 8-contact
                // import spent 35 s in Spark jobs with them, 25 s without; docs/benchmarks.md "Cold start"), and
                // they copied raw emails and names into every Delta log and into --verbose output.
                .config("spark.databricks.delta.stats.collect", "false")
                .config("spark.databricks.delta.stats.skipping", "false")
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.debug.maxToStringFields", "500");
        boolean submitted = System.getProperty("spark.master") != null;
        if (!submitted) {
            builder.master(config.spark().master());
            if (config.spark().master().startsWith("local")) {
                if (!config.spark().conf().containsKey(LOCAL_DIR)) {
                    Path local = localDir(config.workDir());
                    builder.config(LOCAL_DIR, local.toString());
                    privateTemp(local);
                }
                builder.config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "8")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        for (Map.Entry<String, String> e : config.spark().conf().entrySet()) {
            builder.config(e.getKey(), e.getValue());
        }
        return builder;
    }
}
