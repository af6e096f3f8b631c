package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.stage.Phase;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Preflight on a CRM whose schema lacks a column the load writes: the import stops before anything is written.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class PreflightMismatchE2E {
    @TempDir
    Path work;

    @Test
    void preflightMismatchStopsBeforeAnythingIsWritten() {
        Database other = TestDatabase.freshDatabase("preflight");
        SchemaMigrator.migrate(other, SchemaMigrator.Location.CRM);
        TestDatabase.execute(other, "alter table person_organizations drop column title");
        JobContext c = TestJobs.context(other, work);
        assertThatThrownBy(() -> SourceImportJob.run(
                        c,
                        SourceImportJob.Kind.FAMILY_OFFICE,
                        DemoFixture.scale1().resolve("crm/family_office_contacts.csv"),
                        null))
                .isInstanceOfSatisfying(
                        Errors.CrmMigrateException.class,
                        e -> assertThat(e.kind()).isEqualTo(Errors.Kind.CHECK))
                .hasMessageContaining("column person_organizations.title does not exist");
        for (String t : Checksums.TABLES) {
            assertThat(count(other, "select count(*) from " + t)).as(t).isZero();
        }
        assertThat(count(other, "select count(*) from migration_runs")).isZero();
    }

    /**
     * A CRM whose schema was not upgraded (no change log yet) fails the contacts import at once, before any Spark
     * phase: no legacy table is read (this database has none) and the run stages nothing.
     */
    @Test
    void aContactsImportChecksTheSchemaBeforeItsFirstPhase() throws Exception {
        Database other = TestDatabase.freshDatabase("preflight_early");
        SchemaMigrator.migrate(other, SchemaMigrator.Location.CRM);
        TestDatabase.execute(other, "drop table migration_changes");
        JobContext c = TestJobs.context(other, work);
        assertThatThrownBy(() -> ContactsImportJob.run(c))
                .isInstanceOfSatisfying(
                        Errors.CrmMigrateException.class,
                        e -> assertThat(e.kind()).isEqualTo(Errors.Kind.CHECK))
                .hasMessageContaining("table public.migration_changes does not exist")
                .hasMessageContaining("run 'crm-migrate schema'");
        Path runs = TestDatabase.configFor(other, work).runsDir();
        try (Stream<Path> staged = Files.exists(runs) ? Files.walk(runs) : Stream.empty()) {
            assertThat(staged.filter(p -> p.getFileName().toString().equals(Phase.CONTACTS.dir())))
                    .as("phases staged before the schema was checked")
                    .isEmpty();
        }
    }
}
