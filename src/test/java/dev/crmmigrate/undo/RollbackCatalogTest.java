package dev.crmmigrate.undo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.support.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** What the rollback reads of the CRM schema: the logged tables' keys, their updated_at, the foreign keys into them. */
class RollbackCatalogTest {
    @Test
    void theCatalogKnowsKeysTimestampsAndForeignKeys() throws Exception {
        Database db = TestDatabase.freshDatabase("rbcatalog");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        try (Connection c = db.open()) {
            Catalog catalog = Catalog.read(c);
            assertThat(catalog.withUpdatedAt()).containsExactlyInAnyOrder("people", "emails", "organizations");
            assertThat(catalog.rowKeys()).containsEntry("person_emails", java.util.List.of("person_id", "email_id"));
            assertThat(catalog.references())
                    .contains(
                            new Catalog.ForeignKey("person_emails", "person_emails", "person_id", "people"),
                            new Catalog.ForeignKey("contact_person_map", "contact_person_map", "email_id", "emails"));
            assertThat(catalog.deleteOrder())
                    .as("the follow-ups' tables first, then the load order reversed")
                    .startsWith("activities", "contact_person_map")
                    .endsWith("organizations");
            assertThat(catalog.rowKeys())
                    .as("a follow-up table only when it exists (this CRM has no legacy campaign_recipients)")
                    .containsEntry("activities", java.util.List.of("id"))
                    .doesNotContainKey("campaign_recipients");
            assertThat(catalog.updatedColumns().get("people"))
                    .containsExactlyInAnyOrder("tags", "lead_status", "user_id", "updated_at");
        }
    }

    @Test
    void aRowTheRunInsertedAndSomeoneChangedSinceBlocksAndIsNamed() {
        Database db = TestDatabase.freshDatabase("rbedit");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        String id = "00000000-0000-0000-0000-000000000001";
        TestDatabase.execute(
                db,
                "insert into migration_runs (run_id, job, started_at, status, finished_at) values "
                        + "('r1', 'import_contacts', now() - interval '2 minutes', 'succeeded', "
                        + "'2026-11-30 10:00:00.123456+00')");
        TestDatabase.execute(
                db,
                "insert into people (id, updated_at) values ('" + id + "', '2026-11-30 10:00:00.123456+00'), "
                        + "('00000000-0000-0000-0000-000000000002', '2026-11-30 10:00:00.123456+00')");
        TestDatabase.execute(
                db,
                "insert into migration_changes (run_id, table_name, op, key1) values ('r1', 'people', 'I', '" + id
                        + "'), ('r1', 'people', 'I', '00000000-0000-0000-0000-000000000002')");
        assertThat(new Rollback(db).execute("r1", false, false, true).refused()).isFalse();

        TestDatabase.execute(
                db, "update people set user_id = gen_random_uuid(), updated_at = now() where id = '" + id + "'");
        Rollback.Outcome o = new Rollback(db).execute("r1", true, false, false);
        assertThat(o.blockers()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.EDITED);
            assertThat(f.examples()).containsExactly("id " + id);
        });

        Rollback.Outcome forced = new Rollback(db).execute("r1", false, true, false);
        assertThat(forced.applied()).isTrue();
        assertThat(TestDatabase.strings(db, "select id::text from people")).containsExactly(id);
    }
}
