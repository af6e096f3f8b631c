package dev.crmmigrate.undo;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.dedupe.PersonMerge;
import dev.crmmigrate.explain.ExplainJob;
import dev.crmmigrate.explain.Explanation;
import dev.crmmigrate.followup.Followups;
import dev.crmmigrate.followup.OrgMerge;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.SeedLegacyJob;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import dev.crmmigrate.support.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contacts import taken back from its change log, on the small demo data set: every CRM table equal to its state
 * before the import, row for row and checksum for checksum (timestamps included); a re-import gives the same rows and
 * ids; and the refusals, each naming the rows: a signup linked to a person the run created, a hand edit of a person it
 * enriched, a later run on top without {@code --cascade}.
 */
@Slow(seconds = 210)
class RollbackTest {
    @TempDir
    static Path work;

    static Database migrated;
    static Map<String, String> before;
    static Map<String, String> after;
    static String runId;

    @BeforeAll
    static void importContacts() {
        Path demo = DemoFixture.small();
        Database db = TestDatabase.freshDatabase("rollback");
        JobContext ctx = context(db, "first");
        SeedLegacyJob.run(db, demo);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, demo.resolve("crm/qozb_properties.csv"));
        SourceImportJob.run(ctx, SourceImportJob.Kind.FAMILY_OFFICE, demo.resolve("crm/family_office_contacts.csv"));
        before = Checksums.of(db);
        ImportOutcome contacts = ContactsImportJob.run(ctx);
        runId = contacts.runId();
        after = Checksums.of(db);
        migrated = db;
    }

    static JobContext context(Database db, String name) {
        return TestJobs.context(db, work.resolve(name));
    }

    static Database copy(String name) {
        return TestDatabase.copyOf(migrated.url().substring(migrated.url().lastIndexOf('/') + 1), name);
    }

    @Test
    void rollbackRestoresEveryTableExactlyAndAReImportGivesTheSameRowsAndIds() {
        Database db = copy("roundtrip");
        assertThat(after).isNotEqualTo(before);
        assertThat(count(db, "select count(*) from migration_changes where run_id = '" + runId + "' and op = 'U'"))
                .as("the import enriched existing rows, so before-images were logged")
                .isPositive();

        Rollback.Outcome plan = new Rollback(db).execute(runId, false, false, true);
        assertThat(plan.applied()).isFalse();
        assertThat(plan.refused()).isFalse();
        assertThat(plan.runs())
                .singleElement()
                .satisfies(s -> assertThat(s.deleted())
                        .containsKeys("people", "emails", "person_emails", "contact_person_map"));
        assertThat(Checksums.of(db)).as("--plan changes nothing").isEqualTo(after);

        Rollback.Outcome done = new Rollback(db).execute(runId, false, false, false);
        assertThat(done.applied()).isTrue();
        assertThat(Checksums.of(db))
                .as("every CRM table as before the import, timestamps included")
                .isEqualTo(before);
        assertThat(TestDatabase.strings(db, "select status from migration_runs where run_id = '" + runId + "'"))
                .containsExactly("rolled_back");
        assertThatThrownBy(() -> new Rollback(db).execute(runId, false, false, false))
                .isInstanceOfSatisfying(
                        Errors.CrmMigrateException.class,
                        e -> assertThat(e.kind()).isEqualTo(Errors.Kind.CHECK))
                .hasMessageContaining("is rolled_back");

        ContactsImportJob.run(context(db, "again"), null);
        assertThat(Checksums.stable(db))
                .as("a re-import after the rollback: the same rows and ids as the first import")
                .isEqualTo(Checksums.stable(migrated));
    }

    @Test
    void aSignupLinkedToAPersonTheRunCreatedBlocksUnlessForcedAndForceKeepsThatPerson() {
        Database db = copy("signup");
        new Followups(db, null).signupTrigger();
        String person = TestDatabase.strings(
                        db,
                        "select p.id from people p join migration_changes c on c.key1 = p.id and c.op = 'I' "
                                + "and c.table_name = 'people' and c.run_id = '" + runId + "' where p.user_id is null "
                                + "order by p.id limit 1")
                .get(0);
        String email = TestDatabase.strings(
                        db,
                        "select e.address from emails e join person_emails pe on pe.email_id = e.id "
                                + "where pe.person_id = '" + person + "'")
                .get(0);
        TestDatabase.execute(
                db,
                "insert into auth.users (id, email, raw_user_meta_data) values (gen_random_uuid(), '" + email
                        + "', '{}')");
        Map<String, String> signedUp = Checksums.of(db);

        Rollback.Outcome refused = new Rollback(db).execute(runId, true, false, false);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.blockers()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.EDITED);
            assertThat(f.table()).isEqualTo("people");
            assertThat(f.examples()).contains("id " + person);
        });
        assertThat(Checksums.of(db)).as("a refused rollback changes nothing").isEqualTo(signedUp);

        Rollback.Outcome forced = new Rollback(db).execute(runId, true, true, false);
        assertThat(forced.applied()).isTrue();
        assertThat(forced.forced()).anySatisfy(f -> assertThat(f.examples()).contains("id " + person));
        assertThat(count(db, "select count(*) from people where id = '" + person + "' and user_id is not null"))
                .as("--force keeps the signup's person")
                .isOne();
        assertThat(count(
                        db,
                        "select count(*) from person_emails pe join emails e on e.id = pe.email_id where "
                                + "pe.person_id = '" + person + "' and e.address = '" + email + "'"))
                .as("with the address it signed up with")
                .isOne();
        assertThat(count(db, "select count(*) from people where details->>'import_source' = 'legacy_contacts'"))
                .as("every other person the run created is gone")
                .isOne();
    }

    /** The lowest key of a row the run logged with {@code op} in {@code table}. */
    private String firstLogged(Database db, String op, String table) {
        return TestDatabase.strings(
                        db,
                        "select key1::text from migration_changes where run_id = '" + runId + "' and op = '" + op
                                + "' and table_name = '" + table + "' order by key1 limit 1")
                .get(0);
    }

    @Test
    void aHandEditOfAnEnrichedPersonBlocksAndIsNamed() {
        Database db = copy("handedit");
        String person = firstLogged(db, "U", "people");
        TestDatabase.execute(db, "update people set tags = tags || '{vip}' where id = '" + person + "'");
        Map<String, String> edited = Checksums.of(db);

        Rollback.Outcome refused = new Rollback(db).execute(runId, false, false, false);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.blockers()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.EDITED);
            assertThat(f.table()).isEqualTo("people");
            assertThat(f.rows()).isOne();
            assertThat(f.examples()).containsExactly("id " + person);
        });
        assertThat(Checksums.of(db)).isEqualTo(edited);
    }

    /**
     * Tables a user made beside the CRM, found through their foreign keys into people: a mixed-case name and one
     * crafted to end the statement. Both are named as tables, never run as SQL.
     */
    @Test
    void tablesFoundThroughForeignKeysAreQuotedWhateverTheyAreCalled() {
        Database db = copy("hostile_names");
        String person = firstLogged(db, "I", "people");
        String crafted = "n\"; DROP TABLE emails; --";
        TestDatabase.execute(
                db,
                "create table \"PersonNote\" (id int primary key, person_id uuid references people(id));"
                        + "insert into \"PersonNote\" values (1, '" + person + "');"
                        + "create table \"" + crafted.replace("\"", "\"\"")
                        + "\" (\"Person\"\"Id\" uuid references people(id))");
        Map<String, String> withNotes = Checksums.of(db);

        Rollback.Outcome plan = new Rollback(db).execute(runId, false, false, true);
        assertThat(plan.refused()).isTrue();
        assertThat(plan.blockers()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.REFERENCED);
            assertThat(f.table()).isEqualTo("PersonNote.person_id");
            assertThat(f.rows()).isOne();
        });
        assertThat(count(db, "select count(*) from emails")).isPositive();
        assertThat(Checksums.of(db)).isEqualTo(withNotes);

        TestDatabase.execute(db, "delete from \"PersonNote\"");
        Rollback.Outcome done = new Rollback(db).execute(runId, false, false, false);
        assertThat(done.applied()).isTrue();
        assertThat(count(db, "select count(*) from \"PersonNote\"")).isZero();
        assertThat(Checksums.of(db)).as("every CRM table as before the import").isEqualTo(before);
    }

    @Test
    void aLaterRunOnTopBlocksWithoutCascadeAndCascadeTakesBothBack() {
        Database db = copy("later");
        // A new legacy contact with the address of a person the first run created and a phone it never saw: the
        // second import links that phone to that person.
        String contact = TestDatabase.strings(
                        db,
                        "select m.contact_id from contact_person_map m join migration_changes c on c.key1 = "
                                + "m.person_id and c.op = 'I' and c.table_name = 'people' and c.run_id = '" + runId
                                + "' order by m.contact_id limit 1")
                .get(0);
        TestDatabase.execute(
                db,
                "insert into contacts (id, email, name, phone_number, created_at) select gen_random_uuid(), email, "
                        + "name, '+1 415 867 5309', created_at + interval '1 day' from contacts where id = '"
                        + contact + "'");
        ImportOutcome second = ContactsImportJob.run(context(db, "later"), null);
        assertThat(second.actual().get(Figure.PERSON_PHONES_INSERTED)).isPositive();
        Map<String, String> twoRuns = Checksums.of(db);

        Rollback.Outcome refused = new Rollback(db).execute(runId, false, false, false);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.blockers())
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.LATER_RUN))
                .anySatisfy(f -> assertThat(f.examples().get(0)).startsWith(second.runId()));
        assertThat(Checksums.of(db)).isEqualTo(twoRuns);

        Rollback.Outcome cascaded = new Rollback(db).execute(runId, true, false, false);
        assertThat(cascaded.applied()).isTrue();
        assertThat(cascaded.runs())
                .extracting(Rollback.Step::runId)
                .as("newest first")
                .containsExactly(second.runId(), runId);
        assertThat(Checksums.of(db)).isEqualTo(before);
        assertThat(TestDatabase.strings(db, "select status from migration_runs order by run_id"))
                .containsOnly("succeeded", "rolled_back")
                .filteredOn("rolled_back"::equals)
                .hasSize(2);
    }

    @Test
    void aLaterOrganizationMergeOverAnOrganizationTheRunInsertedIsRefusedEvenForcedAndCascadeUndoesItFirst()
            throws Exception {
        Database db = copy("merged");
        String inserted = firstLogged(db, "I", "organizations");
        String kept = TestDatabase.strings(
                        db,
                        "select id::text from organizations where id not in (select key1 from migration_changes "
                                + "where table_name = 'organizations' and run_id = '" + runId
                                + "') order by id limit 1")
                .get(0);
        Path review = work.resolve("merge-review.csv");
        Files.writeString(
                review, "organization_a_id,organization_b_id,decision\n" + kept + "," + inserted + ",merge\n");
        OrgMerge.merge(db, review);
        String mergeId = TestDatabase.strings(db, "select merge_id::text from organization_merges")
                .get(0);
        Map<String, String> mergedState = Checksums.of(db);

        Rollback.Outcome refused = new Rollback(db).execute(runId, false, true, false);
        assertThat(refused.refused()).as("--force does not go on over a merge").isTrue();
        assertThat(refused.blockers()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.MERGED);
            assertThat(f.examples()).containsExactly(mergeId);
            assertThat(f.describe()).contains("--cascade", "orgs merge --undo", mergeId);
        });
        assertThat(Checksums.of(db)).as("refused: nothing changed").isEqualTo(mergedState);

        Rollback.Outcome plan = new Rollback(db).execute(runId, true, false, true);
        assertThat(plan.schemaSteps()).containsExactly("orgs merge --undo " + mergeId);
        assertThat(Checksums.of(db)).as("--plan changes nothing").isEqualTo(mergedState);

        Rollback.Outcome done = new Rollback(db).execute(runId, true, false, false);
        assertThat(done.applied()).isTrue();
        assertThat(done.schemaSteps()).containsExactly("orgs merge --undo " + mergeId);
        assertThat(Checksums.of(db))
                .as("--cascade: the merge undone, then the run, in one transaction: as before the import")
                .isEqualTo(before);
        assertThat(count(db, "select count(*) from organization_merges where undone_at is not null"))
                .isOne();
    }

    @Test
    void aPersonMergeRoundTripsExactlyAndARollbackUnderItIsRefusedUnlessCascaded() throws Exception {
        Database db = copy("person_merged");
        java.util.List<String> created = TestDatabase.strings(
                db,
                "select key1::text from migration_changes where run_id = '" + runId + "' and table_name = 'people' "
                        + "and op = 'I' and key1 in (select person_id from person_emails) "
                        + "and key1 in (select person_id from contact_person_map) order by key1 limit 2");
        assertThat(created).hasSize(2);
        String kept = created.get(0);
        String gone = created.get(1);
        long keptEmails = count(db, "select count(*) from person_emails where person_id = '" + kept + "'");
        long goneEmails = count(db, "select count(*) from person_emails where person_id = '" + gone + "'");
        long goneMappings = count(db, "select count(*) from contact_person_map where person_id = '" + gone + "'");
        Path review = work.resolve("people-review.csv");
        Files.writeString(
                review,
                "person_a,person_b,score,suggested,evidence,decision\n" + kept + "," + gone + ",20,merge,x,merge\n"
                        + gone + "," + kept + ",20,merge,x,\n");
        Map<String, String> unmerged = Checksums.of(db);

        // --plan changes nothing.
        PersonMerge.merge(db, review, dev.crmmigrate.config.Rules.DEFAULT_LEAD_STATUS_SCALE, true);
        assertThat(Checksums.of(db)).isEqualTo(unmerged);

        dev.crmmigrate.followup.FollowupResult merged =
                PersonMerge.merge(db, review, dev.crmmigrate.config.Rules.DEFAULT_LEAD_STATUS_SCALE, false);
        assertThat(merged.figures()).containsEntry("merged", 1L).containsEntry("approved_pairs", 1L);
        assertThat(count(db, "select count(*) from people where id = '" + gone + "'"))
                .isZero();
        assertThat(count(db, "select count(*) from person_emails where person_id = '" + kept + "'"))
                .as("every email link moved to the kept person")
                .isEqualTo(keptEmails + goneEmails);
        assertThat(count(db, "select count(*) from contact_person_map where person_id = '" + gone + "'"))
                .isZero();
        assertThat(merged.figures()).containsEntry("mappings_repointed", goneMappings);
        String mergeId = TestDatabase.strings(db, "select merge_id::text from person_merges")
                .get(0);

        PersonMerge.undo(db, java.util.UUID.fromString(mergeId));
        assertThat(Checksums.of(db))
                .as("merge then undo: checksum for checksum")
                .isEqualTo(unmerged);

        PersonMerge.merge(db, review, dev.crmmigrate.config.Rules.DEFAULT_LEAD_STATUS_SCALE, false);
        String again = TestDatabase.strings(db, "select merge_id::text from person_merges where undone_at is null")
                .get(0);
        Map<String, String> mergedState = Checksums.of(db);
        // explain --person shows the merge the kept person took part in.
        Explanation.Person explained = ExplainJob.run(
                        new ExplainJob.Sources(TestSpark.get(), work.resolve("no-runs"), db),
                        ExplainJob.By.PERSON,
                        kept,
                        runId)
                .people()
                .get(0);
        assertThat(explained.merges())
                .as("the undone merge, then the standing one")
                .hasSize(2);
        assertThat(explained.merges().get(0).mergeId()).isEqualTo(mergeId);
        assertThat(explained.merges().get(0).undoneAt()).isNotNull();
        assertThat(explained.merges().get(1)).satisfies(m -> {
            assertThat(m.mergeId()).isEqualTo(again);
            assertThat(m.kept()).isTrue();
            assertThat(m.other()).isEqualTo(gone);
            assertThat(m.undoneAt()).isNull();
        });
        Rollback.Outcome refused = new Rollback(db).execute(runId, false, false, false);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.blockers()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.MERGED);
            assertThat(f.examples()).containsExactly(again);
            assertThat(f.describe()).contains("people merge --undo", again);
        });
        assertThat(Checksums.of(db)).as("refused: nothing changed").isEqualTo(mergedState);

        Rollback.Outcome done = new Rollback(db).execute(runId, true, false, false);
        assertThat(done.applied()).isTrue();
        assertThat(done.schemaSteps()).contains("people merge --undo " + again);
        assertThat(Checksums.of(db))
                .as("--cascade: the person merge undone, then the run: as before the import")
                .isEqualTo(before);
    }
}
