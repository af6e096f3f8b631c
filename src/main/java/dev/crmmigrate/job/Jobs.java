package dev.crmmigrate.job;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.spark.SparkSessions;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** Opens what a job needs (databases, SparkSession), runs it, and closes everything again. */
public final class Jobs {
    private Jobs() {}

    public static <T> T with(CrmConfig config, Function<JobContext, T> job) {
        try (DatabaseSession db = DatabaseSession.open(config)) {
            SparkSession spark = SparkSessions.create(config);
            try {
                return job.apply(new JobContext(config, spark, db.target(), db.source()));
            } finally {
                spark.stop();
            }
        }
    }
}
