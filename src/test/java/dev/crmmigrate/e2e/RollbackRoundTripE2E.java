package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.followup.FollowupJob;
import dev.crmmigrate.followup.Followups;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import dev.crmmigrate.undo.Finding;
import dev.crmmigrate.undo.Rollback;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The field report's contacts import taken back at scale 1, after every follow-up ran on it and the legacy table was
 * retired: refused without {@code --cascade}, naming the follow-ups; with it, the follow-ups' backfills and
 * activities and the import itself are undone, the legacy table is live again, and every CRM table equals its state
 * before the import, timestamps included (the field report's "before" column). A re-import then gives the same rows
 * and ids as the first.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class RollbackRoundTripE2E {
    static FieldReportMigration m;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
    }

    @Test
    void theImportAndTheFollowupsOnItAreTakenBackExactlyAndAReImportGivesTheSameRowsAndIds() {
        Database db = m.copy("rollback_round_trip");
        FollowupJob.all(db, null);
        // As FollowupsE2E: the legacy foreign key that keeps retire-contacts from renaming the table, dropped by hand.
        TestDatabase.execute(db, "alter table campaign_recipients drop constraint campaign_recipients_contact_id_fkey");
        assertThat(new Followups(db, null).retireContacts(false).done()).isTrue();
        assertThat(TestDatabase.strings(db, "select job from migration_runs where job like 'followup%' order by job"))
                .as("the follow-ups that changed rows are runs of their own")
                .containsExactly(
                        "followup_activities_backfill",
                        "followup_campaign_foreign_keys",
                        "followup_email_queue_person");
        assertThat(count(db, "select count(*) from pg_class where relname = 'contacts_legacy'"))
                .as("the legacy table is retired")
                .isOne();
        String run = m.contacts().runId();

        Rollback.Outcome refused = new Rollback(db).execute(run, false, false, false);
        assertThat(refused.refused()).isTrue();
        assertThat(refused.blockers()).allSatisfy(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.LATER_RUN));
        assertThat(refused.blockers().stream().map(f -> f.examples().get(0)))
                .anyMatch(x -> x.contains("followup_campaign_foreign_keys"))
                .anyMatch(x -> x.contains("followup_activities_backfill"))
                .anyMatch(x -> x.contains("followup_email_queue_person"))
                .anyMatch(x -> x.startsWith("retire-contacts"));
        assertThat(count(db, "select count(*) from activities"))
                .as("a refused rollback changes nothing")
                .isPositive();

        Rollback.Outcome done = new Rollback(db).execute(run, true, false, false);
        assertThat(done.applied()).isTrue();
        assertThat(done.runs().stream().map(Rollback.Step::job).toList())
                .as("newest first, the import last")
                .containsExactly(
                        "followup_email_queue_person",
                        "followup_activities_backfill",
                        "followup_campaign_foreign_keys",
                        ContactsImportJob.JOB);
        assertThat(done.schemaSteps()).singleElement().asString().startsWith("retire-contacts undone");
        assertThat(Checksums.of(db))
                .as("every CRM table as before the import, timestamps included")
                .isEqualTo(m.beforeContacts());
        List<String> before = new ArrayList<>();
        m.seed().path("before_migration").fieldNames().forEachRemaining(before::add);
        assertThat(before).contains("people", "emails", "person_emails");
        for (String t : before) {
            assertThat(count(db, "select count(*) from " + t))
                    .as("the field report's 'before' column: " + t)
                    .isEqualTo(m.figure("before_migration", t));
        }
        assertThat(count(db, "select count(*) from activities")).isZero();
        assertThat(count(
                        db,
                        "select count(*) from campaign_recipients where person_id is not null or email_id is not null"))
                .isZero();
        assertThat(count(db, "select count(*) from email_queue where person_id is not null"))
                .isZero();
        assertThat(count(db, "select count(*) from contacts"))
                .as("the legacy table is live again")
                .isPositive();

        JobContext again = TestJobs.context(db, m.work().resolve("after-rollback"));
        ContactsImportJob.run(again);
        assertThat(Checksums.stable(db))
                .as("a re-import after the rollback: the same rows and ids as the first import")
                .isEqualTo(Checksums.stable(m.db()));
    }
}
