package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.followup.FollowupJob;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.followup.Followups;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The field report's open follow-ups, on a copy of the migrated CRM: each does its work, reports what it cannot do,
 * and a second run changes nothing.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class FollowupsE2E {
    static FieldReportMigration m;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
    }

    @Test
    void followupsDoTheirWorkReportWhatTheyCannotAndASecondRunChangesNothing() throws Exception {
        Database f = m.copy("followups");
        Path findings = m.work().resolve("findings");
        List<FollowupResult> first = FollowupJob.all(f, findings);
        Map<String, FollowupResult> r = new HashMap<>();
        first.forEach(x -> r.put(x.name(), x));

        // 1. campaign foreign keys: every recipient with a mapped contact has its person; the others are reported by id
        // and reason
        var fk = r.get("campaign_foreign_keys");
        long orphans = count(
                f,
                "select count(*) from campaign_recipients r left join contact_person_map m on m.contact_id = "
                        + "r.contact_id where m.contact_id is null");
        assertThat(orphans).isPositive();
        assertThat(fk.figures().get("without_person")).isEqualTo(orphans);
        assertThat(fk.figures().get("backfilled")).isEqualTo(fk.figures().get("recipients") - orphans);
        assertThat(fk.findings().counts()).containsExactly(Map.entry("recipient without person", orphans));
        assertThat(fk.findings().examples())
                .hasSizeLessThanOrEqualTo(10)
                .anyMatch(x -> x.contains("the contact has no email"));
        assertThat(Files.readAllLines(fk.findings().csv()))
                .as("every orphan in the CSV beside the report, after its header")
                .hasSize((int) orphans + 1);
        assertThat(count(
                        f,
                        "select count(*) from pg_constraint where conname in ('campaign_recipients_person_id_fkey', "
                                + "'campaign_recipients_email_id_fkey') and convalidated"))
                .isEqualTo(2);
        assertThat(count(
                        f,
                        "select count(*) from campaign_recipients r join contact_person_map m on m.contact_id = "
                                + "r.contact_id where r.person_id <> m.person_id"))
                .isZero();

        // 3. activities: counts per type equal the events of the source
        for (String[] ev : new String[][] {
            {"email_sent", "sent_at"},
            {"email_opened", "opened_at"},
            {"email_clicked", "clicked_at"},
            {"email_bounced", "bounced_at"}
        }) {
            assertThat(count(f, "select count(*) from activities where type = '" + ev[0] + "'"))
                    .as(ev[0])
                    .isEqualTo(count(f, "select count(*) from campaign_recipients where " + ev[1] + " is not null"))
                    .isPositive();
        }
        assertThat(r.get("activities_backfill").findings().counts()).isEmpty();
        assertThat(count(f, "select count(*) from person_timeline")).isPositive();
        assertThatThrownBy(() -> TestDatabase.execute(
                        f,
                        "insert into activities (id, type, occurred_at, payload, source_table, source_id) "
                                + "values (gen_random_uuid(), 'email_sent', now(), '{}', 'test', 'x')"))
                .hasStackTraceContaining("activities_payload_check");

        // 4. email_queue: unique addresses get their person, shared ones are reported and left empty
        var q = r.get("email_queue_person");
        assertThat(q.figures().get("shared_address")).isPositive();
        assertThat(q.findings().counts())
                .containsExactly(Map.entry("shared address", q.figures().get("shared_address")));
        assertThat(q.findings().examples())
                .hasSizeLessThanOrEqualTo(10)
                .allMatch(x -> x.contains("not guessed") && !x.matches(".*[a-z0-9]{2,}@.*"));
        assertThat(Files.readAllLines(q.findings().csv()))
                .hasSize((int) (q.figures().get("shared_address") + 1));
        assertThat(count(f, "select count(*) from email_queue where person_id is not null"))
                .isEqualTo(q.figures().get("backfilled"));

        // 5. the compatibility view answers like the legacy table
        assertThat(count(f, "select count(*) from contacts_compat")).isEqualTo(count(f, "select count(*) from people"));
        assertThat(count(
                        f,
                        "select count(*) from contacts_compat c join contact_person_map m on m.person_id = c.id "
                                + "join contacts l on l.id = m.contact_id where c.email = lower(btrim(l.email))"))
                .isPositive();

        // 6. retirement refuses while a foreign key still points at contacts, then works, and --undo reverses it
        var retire = r.get("retire_contacts");
        assertThat(retire.done()).isFalse();
        assertThat(retire.findings().examples()).anyMatch(x -> x.contains("campaign_recipients_contact_id_fkey"));
        assertThat(retire.findings().examples())
                .as("the signup trigger no longer writes to contacts")
                .noneMatch(x -> x.contains("trigger"));

        // A second run changes nothing.
        Map<String, String> before = Checksums.of(f);
        List<FollowupResult> second = FollowupJob.all(f, findings);
        second.forEach(x -> x.figures().forEach((k, v) -> {
            if (k.endsWith("backfilled")
                    || k.endsWith("_inserted")
                    || k.equals("migrations_applied")
                    || k.equals("renamed")) {
                assertThat(v).as(x.name() + "." + k).isZero();
            }
        }));
        assertThat(Checksums.of(f)).isEqualTo(before);

        TestDatabase.execute(f, "alter table campaign_recipients drop constraint campaign_recipients_contact_id_fkey");
        var retired = new Followups(f, null).retireContacts(false);
        assertThat(retired.done()).as(retired.findings().toString()).isTrue();
        assertThat(count(f, "select count(*) from contacts_legacy"))
                .isEqualTo(m.figure("contacts_analysis", "total_contacts"));
        assertThat(new Followups(f, null).retireContacts(true).figures().get("renamed"))
                .isEqualTo(1);
        assertThat(count(f, "select count(*) from contacts"))
                .isEqualTo(m.figure("contacts_analysis", "total_contacts"));
    }
}
