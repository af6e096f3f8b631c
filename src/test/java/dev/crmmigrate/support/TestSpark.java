package dev.crmmigrate.support;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.normalize.CompanyKeys;
import dev.crmmigrate.normalize.Emails;
import dev.crmmigrate.normalize.Phones;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * One SparkSession per test JVM: local[2] with one task retry, UI off, few shuffle partitions, Delta on, no code
 * generation.
 */
public final class TestSpark {
    private static SparkSession spark;

    private TestSpark() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            Path warehouse = TempDirs.create("crm-migrate-test-warehouse");
            spark = SparkSession.builder()
                    .master("local[2,2]") // a failed task is retried once, as on a cluster
                    .appName("crm-migrate-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.warehouse.dir", warehouse.toString())
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    // As the product's sessions: a Delta snapshot of a small table in 2 partitions, not the default
                    // 50 tasks.
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    // Tests run hundreds of small queries, each planned once: compiling generated code for them
                    // was about a third of the suite's CPU (JFR, RollbackTest: Janino, and the regexes that clean
                    // the generated source). Interpreted, the same results come 25 % sooner. Spark's own testing
                    // switch; the integration tests run the launcher, with code generation, as users do.
                    .config("spark.sql.codegen.wholeStage", "false")
                    .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                    .getOrCreate();
            // Plain helpers for tests that re-derive figures with SQL, independently of the jobs.
            spark.udf()
                    .register(
                            "t_email",
                            (UDF1<String, String>) s -> {
                                String n = Emails.normalize(s);
                                return n != null && Emails.invalidReason(n) == null ? n : null;
                            },
                            DataTypes.StringType);
            spark.udf().register("t_e164", (UDF1<String, String>) s -> Phones.e164(s, "US"), DataTypes.StringType);
            spark.udf()
                    .register(
                            "t_company_key",
                            (UDF1<String, String>) s -> CompanyKeys.normalized(s, Rules.DEFAULT_LEGAL_SUFFIXES),
                            DataTypes.StringType);
        }
        return spark;
    }
}
