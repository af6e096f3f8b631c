package dev.crmmigrate.support;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.job.JobContext;
import java.nio.file.Path;

/** The context a test runs a job with: the test JVM's SparkSession, one database as source and target. */
public final class TestJobs {
    private TestJobs() {}

    /** The default configuration with {@code db} as source and target and {@code work} as the work directory. */
    public static JobContext context(Database db, Path work) {
        return context(TestDatabase.configFor(db, work), db);
    }

    /** {@code config} with {@code db} as source and target. */
    public static JobContext context(CrmConfig config, Database db) {
        return new JobContext(config, TestSpark.get(), db, db);
    }
}
