package dev.crmmigrate.db;

import static dev.crmmigrate.support.TestDatabase.count;
import static dev.crmmigrate.support.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    private static String readResource(String name) {
        try (var in = SchemaMigratorTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void createsTheCrmSchemaAndASecondRunDoesNothing() {
        Database db = TestDatabase.freshDatabase("schema");
        SchemaMigrator.Result first = SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        assertThat(first.applied()).isGreaterThanOrEqualTo(2);
        for (String t : new String[] {
            "people",
            "emails",
            "phones",
            "organizations",
            "properties",
            "person_emails",
            "person_phones",
            "person_organizations",
            "activities",
            "migration_runs",
            "contact_person_map",
            "organization_merges"
        }) {
            assertThat(count(
                            db,
                            "select count(*) from information_schema.tables where table_schema='public' and "
                                    + "table_name='"
                                    + t + "'"))
                    .as(t)
                    .isEqualTo(1);
        }
        SchemaMigrator.Result second = SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        assertThat(second.applied()).isZero();
        assertThat(second.version()).isEqualTo(first.version());
    }

    @Test
    void constraintsOfTheDataContract() {
        Database db = TestDatabase.freshDatabase("constraints");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        // The column the original script wrongly wrote does not exist.
        assertThat(count(
                        db,
                        "select count(*) from information_schema.columns where "
                                + "table_name='person_organizations' and column_name='source'"))
                .isZero();
        execute(db, "insert into organizations(id, name) values (gen_random_uuid(), 'Greystar')");
        assertThatThrownBy(
                        () -> execute(db, "insert into organizations(id, name) values (gen_random_uuid(), 'GREYSTAR')"))
                .hasRootCauseMessage(
                        "ERROR: duplicate key value violates unique constraint \"organizations_name_ci_key\"\n"
                                + "  Detail: Key (lower(name))=(greystar) already exists.");
        assertThatThrownBy(
                        () -> execute(db, "insert into emails(id, address) values (gen_random_uuid(), ' Bob@X.com')"))
                .hasStackTraceContaining("emails_address_normalized");
        assertThatThrownBy(() -> execute(
                        db, "insert into emails(id, address, status) values (gen_random_uuid(), 'a@x.com', 'gone')"))
                .hasStackTraceContaining("emails_status_check");
        assertThatThrownBy(
                        () -> execute(db, "insert into phones(id, number) values (gen_random_uuid(), '212-555-0100')"))
                .hasStackTraceContaining("phones_number_e164");
    }

    @Test
    void adoptsAnExistingCrmSchemaInsteadOfFailing() {
        Database db = TestDatabase.freshDatabase("adopt");
        // A CRM whose tables were created by hand, without Flyway, beside the legacy contacts table.
        execute(db, readResource("/db/migration/V1__crm_schema.sql"));
        execute(db, "create table contacts (id uuid primary key)");
        SchemaMigrator.Result r = SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        assertThat(r.baselined()).isTrue();
        // V1 (the tables) was adopted, later migrations applied on top.
        assertThat(count(db, "select count(*) from information_schema.tables where table_name='migration_runs'"))
                .isEqualTo(1);
        assertThat(count(db, "select count(*) from flyway_schema_history where type='BASELINE' and version='1'"))
                .isEqualTo(1);
        assertThat(SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM).applied())
                .isZero();
    }

    @Test
    void crmSchemaBesideTheLegacyTables() {
        Database db = TestDatabase.freshDatabase("legacy");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.LEGACY);
        SchemaMigrator.Result r = SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        assertThat(r.baselined()).isFalse();
        assertThat(count(
                        db, "select count(*) from information_schema.tables where table_name in ('people','contacts')"))
                .isEqualTo(2);
        // The legacy trigger still turns a signup into a contact.
        execute(db, "insert into auth.users(id, email) values (gen_random_uuid(), 'new@user.example')");
        assertThat(count(db, "select count(*) from contacts where source='website_signup'"))
                .isEqualTo(1);
    }
}
