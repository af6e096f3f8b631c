package dev.crmmigrate.cli;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.ConfigLoader;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.spark.JobTimings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Option;

/** Options every command takes. Command-line values win over the environment, which wins over the file. */
public final class CommonOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration (default: built-in defaults, the same as conf/local.yaml).")
    Path config;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Work directory: runs, stages, reports, embedded database (default: ./work).")
    Path workDir;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "Target CRM database, jdbc:postgresql://host:port/db (env CRM_JDBC_URL). Without it: the "
                    + "embedded PostgreSQL. "
                    + "Passwords only via CRM_DB_PASSWORD or password_file.")
    String jdbcUrl;

    @Option(
            names = "--source-jdbc-url",
            paramLabel = "URL",
            description = "Database holding the legacy tables when it is not the target (env CRM_SOURCE_JDBC_URL).")
    String sourceJdbcUrl;

    @Option(
            names = "--spark-master",
            paramLabel = "MASTER",
            description = "Spark master (default local[*]; ignored under spark-submit).")
    String sparkMaster;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show Spark's and the libraries' own logging.")
    boolean verbose;

    /** Loads the configuration once, with this invocation's options and environment. */
    public CrmConfig load() {
        if (verbose) {
            Configurator.setRootLevel(Level.INFO);
            Configurator.setLevel(JobTimings.class.getName(), Level.INFO);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        if (workDir != null) {
            overrides.put("work_dir", workDir.toString());
        }
        overrides.put("target.jdbc_url", rejectPassword("--jdbc-url", jdbcUrl));
        overrides.put("source.jdbc_url", rejectPassword("--source-jdbc-url", sourceJdbcUrl));
        overrides.put("spark.master", sparkMaster);
        return ConfigLoader.load(config, System.getenv(), overrides);
    }

    /** Secrets never travel on the command line, where {@code ps} shows them to every user of the machine. */
    private static String rejectPassword(String option, String url) {
        if (url != null && ConfigLoader.carriesPassword(url)) {
            throw Errors.config(
                    "%s must not carry a password (the command line is visible to every user); "
                            + "set CRM_DB_PASSWORD or password_file instead",
                    option);
        }
        return url;
    }
}
