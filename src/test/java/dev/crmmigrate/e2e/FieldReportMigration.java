package dev.crmmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.job.AuditJob;
import dev.crmmigrate.job.AuditOutcome;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.SeedLegacyJob;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.TempDirs;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The field report's migration on the scale-1 demo data set, done once per test JVM and shared by the end-to-end
 * classes of this package ({@code *E2E}, which hold {@link #LOCK} so that they run one at a time): the legacy tables
 * seeded, the QOZB and Family Office imports, the three audits (before the contacts import, as in the report), then the
 * contacts import. Classes that change the CRM work on a {@link #copy}.
 *
 * @param seed the acceptance figures, {@code /acceptance/seed-figures.json}
 * @param beforeContacts the CRM tables' checksums just before the contacts import ({@link Checksums#of})
 */
public record FieldReportMigration(
        Path work,
        Database db,
        JobContext ctx,
        JsonNode seed,
        ImportOutcome qozb,
        ImportOutcome fo,
        AuditOutcome audit,
        Map<String, String> beforeContacts,
        ImportOutcome contacts) {
    /**
     * The resource lock of the end-to-end classes: they read and copy one database ({@code CREATE DATABASE … TEMPLATE}
     * needs its template idle), so they take turns while other classes run beside them.
     */
    public static final String LOCK = "field-report-migration";

    private static FieldReportMigration done;

    /** The migration, built by the first caller in this JVM. */
    public static synchronized FieldReportMigration get() {
        if (done == null) {
            done = migrate();
        }
        return done;
    }

    private static FieldReportMigration migrate() {
        try (InputStream in = FieldReportMigration.class.getResourceAsStream("/acceptance/seed-figures.json")) {
            JsonNode seed = new ObjectMapper().readTree(in);
            Path work = TempDirs.create("crm-migrate-e2e");
            Path demo = DemoFixture.scale1();
            Database db = TestDatabase.freshDatabase("e2e");
            JobContext ctx = TestJobs.context(db, work);
            SeedLegacyJob.run(db, demo);
            SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
            ImportOutcome qozb =
                    SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, demo.resolve("crm/qozb_properties.csv"));
            ImportOutcome fo = SourceImportJob.run(
                    ctx, SourceImportJob.Kind.FAMILY_OFFICE, demo.resolve("crm/family_office_contacts.csv"));
            AuditOutcome audit = AuditJob.run(ctx, demo.resolve("lists"), AuditJob.ALL);
            Map<String, String> beforeContacts = Checksums.of(db);
            ImportOutcome contacts = ContactsImportJob.run(ctx);
            return new FieldReportMigration(work, db, ctx, seed, qozb, fo, audit, beforeContacts, contacts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An acceptance figure; fails when seed-figures.json has no number under that name (never skipped silently). */
    public long figure(String section, String key) {
        JsonNode n = seed.path(section).path(key);
        assertThat(n.isNumber())
                .as("%s.%s is a number in seed-figures.json", section, key)
                .isTrue();
        return n.asLong();
    }

    /** A copy of the migrated CRM (CREATE DATABASE … TEMPLATE), for a class that changes it. */
    public Database copy(String name) {
        return TestDatabase.copyOf(db.url().substring(db.url().lastIndexOf('/') + 1), name);
    }
}
