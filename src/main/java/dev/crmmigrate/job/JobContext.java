package dev.crmmigrate.job;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import org.apache.spark.sql.SparkSession;

/** What every job runs with: the configuration, the SparkSession and the databases. */
public record JobContext(CrmConfig config, SparkSession spark, Database target, Database source) {}
