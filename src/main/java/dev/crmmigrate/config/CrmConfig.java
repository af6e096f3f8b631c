package dev.crmmigrate.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole configuration of one crm-migrate invocation, loaded once by {@link ConfigLoader} and immutable after.
 * YAML keys are the snake_case names of these components; unknown keys are an error.
 *
 * @param workDir where runs, Delta stages, reports and the embedded database live (default {@code ./work})
 * @param spark   session settings passed through to Spark
 * @param target  the CRM database written to; no {@code jdbc_url} means the embedded PostgreSQL
 * @param source  the database holding the legacy tables; no {@code jdbc_url} means the target database
 * @param embedded settings of the embedded PostgreSQL
 * @param rules   the migration rules of the field report that a user may want to change
 * @param lists   the outreach CSV lists
 * @param reaudit thresholds of the scheduled re-audit
 * @param load    how the load transaction writes
 */
public record CrmConfig(
        Path workDir,
        SparkSettings spark,
        DatabaseSettings target,
        DatabaseSettings source,
        EmbeddedSettings embedded,
        Rules rules,
        ListSettings lists,
        ReauditSettings reaudit,
        LoadSettings load) {

    public CrmConfig {
        workDir = Objects.requireNonNullElse(workDir, Path.of("work"));
        spark = Objects.requireNonNullElseGet(spark, () -> new SparkSettings(null, null, null));
        target = Objects.requireNonNullElseGet(target, DatabaseSettings::defaults);
        source = Objects.requireNonNullElseGet(source, DatabaseSettings::defaults);
        embedded = Objects.requireNonNullElseGet(embedded, () -> new EmbeddedSettings(null, null, null));
        rules = Objects.requireNonNullElseGet(rules, Rules::defaults);
        lists = Objects.requireNonNullElseGet(lists, () -> new ListSettings(null, null, null, null, null, null));
        reaudit = Objects.requireNonNullElseGet(reaudit, () -> new ReauditSettings(null, null));
        load = Objects.requireNonNullElseGet(load, LoadSettings::defaults);
    }

    /** The configuration with every default and no file. */
    public static CrmConfig defaults() {
        return new CrmConfig(null, null, null, null, null, null, null, null, null);
    }

    /** The same configuration with other list settings (a command-line option such as {@code --strict}). */
    public CrmConfig withLists(ListSettings other) {
        return new CrmConfig(workDir, spark, target, source, embedded, rules, other, reaudit, load);
    }

    /** The same configuration under another work directory. */
    public CrmConfig withWorkDir(Path other) {
        return new CrmConfig(other, spark, target, source, embedded, rules, lists, reaudit, load);
    }

    /** The same configuration with other Spark settings. */
    public CrmConfig withSpark(SparkSettings other) {
        return new CrmConfig(workDir, other, target, source, embedded, rules, lists, reaudit, load);
    }

    /** The same configuration with {@code db} as the target (and, with no source of its own, the source). */
    public CrmConfig withTarget(DatabaseSettings db) {
        return new CrmConfig(workDir, spark, db, source, embedded, rules, lists, reaudit, load);
    }

    /** The same configuration with other rules. */
    public CrmConfig withRules(Rules other) {
        return new CrmConfig(workDir, spark, target, source, embedded, other, lists, reaudit, load);
    }

    /** True when no target URL is configured: crm-migrate starts its embedded PostgreSQL. */
    public boolean usesEmbeddedDatabase() {
        return target.jdbcUrl() == null;
    }

    /** The source database settings, or the target's when no separate source is configured. */
    public DatabaseSettings effectiveSource() {
        return source.jdbcUrl() == null ? target : source;
    }

    public Path runsDir() {
        return workDir.resolve("runs");
    }

    public Path reportsDir() {
        return workDir.resolve("reports");
    }

    /** Where the follow-ups run on their own write their findings CSV files. */
    public Path followupsDir() {
        return workDir.resolve("followups");
    }

    public Path auditDir() {
        return workDir.resolve("audit");
    }

    public Path embeddedDataDir() {
        return embedded.dataDir() != null ? embedded.dataDir() : workDir.resolve("pg");
    }
}
