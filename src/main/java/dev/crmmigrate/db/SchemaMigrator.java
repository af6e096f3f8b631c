package dev.crmmigrate.db;

import dev.crmmigrate.Errors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the SQL migrations with Flyway. Two independent locations with their own history tables:
 * {@code db/migration} (the CRM schema, the product's own) and {@code db/legacy} (the legacy production tables,
 * used to build demo and test databases only).
 */
public final class SchemaMigrator {
    /** The migration sets this product ships. */
    public enum Location {
        CRM("classpath:db/migration", "flyway_schema_history", "people"),
        LEGACY("classpath:db/legacy", "legacy_schema_history", "contacts"),
        /** Changes to the legacy tables made by the follow-ups (the signup trigger), applied by {@code followup}. */
        FOLLOWUP("classpath:db/followup", "followup_schema_history", null);

        final String path;
        final String historyTable;
        final String markerTable;

        Location(String path, String historyTable, String markerTable) {
            this.path = path;
            this.historyTable = historyTable;
            this.markerTable = markerTable;
        }
    }

    /** What a migration did. */
    public record Result(int applied, String version, boolean baselined) {}

    private SchemaMigrator() {}

    /**
     * Migrates the database to the newest version of the location. A second call applies nothing. When the tables
     * already exist but Flyway has no history (a CRM created by hand), the existing schema is adopted as version 1
     * instead of failing; newer migrations then apply on top.
     */
    public static Result migrate(Database db, Location location) {
        boolean hasHistory = db.hasTable(location.historyTable);
        boolean hasTables = location.markerTable != null && db.hasTable(location.markerTable);
        boolean adopt = !hasHistory && hasTables;
        Flyway flyway = Flyway.configure()
                .dataSource(
                        db.url(), db.settings().user(), db.settings().password().reveal())
                .locations(location.path)
                .schemas(db.schema())
                .defaultSchema(db.schema())
                .table(location.historyTable)
                .placeholderReplacement(false)
                .baselineOnMigrate(true)
                .baselineVersion(adopt ? "1" : "0")
                .baselineDescription(adopt ? "adopted existing tables" : "<< empty baseline >>")
                .validateMigrationNaming(true)
                .loggers("slf4j")
                .load();
        try {
            MigrateResult r = flyway.migrate();
            return new Result(
                    r.migrationsExecuted,
                    r.targetSchemaVersion == null ? r.initialSchemaVersion : r.targetSchemaVersion,
                    adopt);
        } catch (FlywayException e) {
            throw Errors.database("schema migration " + location.path, db.safeUrl(), e);
        }
    }
}
