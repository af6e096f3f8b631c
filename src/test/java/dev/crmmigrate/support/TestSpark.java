package dev.crmmigrate.support;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.config.Rules;
import dev.crmmigrate.config.SparkSettings;
import dev.crmmigrate.normalize.CompanyKeys;
import dev.crmmigrate.normalize.Emails;
import dev.crmmigrate.normalize.Phones;
import dev.crmmigrate.spark.SparkSessions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * One SparkSession per test JVM, built by the product's own factory ({@link SparkSessions#builder}) with the test
 * settings on top: local[2] with one task retry, few shuffle partitions, no code generation.
 */
public final class TestSpark {
    private static SparkSession spark;

    /** What tests set on top of the product's settings. */
    static final Map<String, String> TEST_SETTINGS = Map.of(
            "spark.sql.shuffle.partitions", "4",
            "spark.default.parallelism", "4",
            // Tests run hundreds of small queries, each planned once: compiling generated code for them was about a
            // third of the suite's CPU (JFR, RollbackTest: Janino, and the regexes that clean the generated source).
            // Interpreted, the same results come 25 % sooner. Spark's own testing switch; the integration tests run
            // the launcher, with code generation, as users do.
            "spark.sql.codegen.wholeStage", "false",
            "spark.sql.codegen.factoryMode", "NO_CODEGEN");

    private TestSpark() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            Path work = TempDirs.create("crm-migrate-test-spark");
            Map<String, String> conf = new HashMap<>(TEST_SETTINGS);
            // Spark's scratch space in a folder of the test run (the product's default would also move the JVM's
            // temporary folder, which the tests' own temporary folders use).
            conf.put("spark.local.dir", work.resolve("local").toString());
            // a failed task is retried once, as on a cluster
            CrmConfig config = CrmConfig.defaults()
                    .withWorkDir(work)
                    .withSpark(new SparkSettings("local[2,2]", "crm-migrate-tests", conf));
            spark = SparkSessions.create(config);
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
