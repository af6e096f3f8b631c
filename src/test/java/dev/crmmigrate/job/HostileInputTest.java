package dev.crmmigrate.job;

import static dev.crmmigrate.support.TestDatabase.count;
import static dev.crmmigrate.support.TestDatabase.execute;
import static dev.crmmigrate.support.TestDatabase.strings;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.config.Rules;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.resolve.ContactColumns;
import dev.crmmigrate.resolve.Ids;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.Phase;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import dev.crmmigrate.support.TestSpark;
import dev.crmmigrate.verify.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases a new user met on their own data, rebuilt as fixtures: a NUL byte in a QOZB contact name, a 3,000-character
 * company, phone-only contacts in a small table, an invalid and an over-long email. Each migrates: the good rows all
 * load, each bad field is rejected with a reason that names its limit, a repaired field is recorded, and a contact
 * without email is a rule that fired (skipped, or created with {@code contacts_without_email: create}).
 */
@Slow(seconds = 130)
class HostileInputTest {
    static final String A = "00000000-0000-0000-0000-00000000000a";
    static final String DUP = "00000000-0000-0000-0000-00000000000d";
    static final String PHONE_ONLY = "00000000-0000-0000-0000-0000000000f1";
    static final String LONG_COMPANY = "00000000-0000-0000-0000-0000000000c3";
    static final String CONTROL = "00000000-0000-0000-0000-0000000000b5";
    static final String INVALID = "00000000-0000-0000-0000-0000000000e6";
    static final String LONG_EMAIL = "00000000-0000-0000-0000-0000000000e7";

    @TempDir
    Path dir;

    /** Nine contacts, three of them without a usable email (33 %, far above the default 5 % reject ratio). */
    static Database legacyWithMess(String name) {
        Database db = TestDatabase.freshDatabase(name);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.LEGACY);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        String company3000 = randomText(3000, 7);
        String email300 = "x".repeat(290) + "@example.com";
        execute(
                db,
                "INSERT INTO contacts (id, email, name, company, role, phone_number, created_at) VALUES ('" + A
                        + "', 'alice@acme-example.com', 'Alice Adams', 'Acme', 'CEO', '(212) 555-0100', '2020-01-01'),"
                        + "('" + DUP + "', ' ALICE@ACME-EXAMPLE.COM ', 'Alice A.', 'Acme', NULL, NULL, '2021-01-01'),"
                        + "('" + PHONE_ONLY
                        + "', NULL, 'Phoebe Phone', 'Lonely Co', 'Owner', '+1 415 555 0199', '2020-02-01'),"
                        + "('" + LONG_COMPANY + "', 'carl@example.com', 'Carl Long', '" + company3000
                        + "', NULL, NULL, '2020-03-01'),('" + CONTROL
                        + "', 'bob@example.com', E'Bob\\x01 Build\\x7Fer', E'Build\\x1bCo', NULL, NULL, '2020-04-01'),"
                        + "('" + INVALID
                        + "', 'not-an-email', 'Ivan Invalid', 'Ghost Org', NULL, '+1 646 555 0177', '2020-05-01'),"
                        + "('" + LONG_EMAIL + "', '" + email300
                        + "', 'Lola Long', 'Ghost Two', NULL, NULL, '2020-06-01'),"
                        + "('00000000-0000-0000-0000-000000000008', 'dora@example.com', 'Dora Eight', 'Acme', NULL, "
                        + "NULL, '2020-07-01'),"
                        + "('00000000-0000-0000-0000-000000000009', 'eve@example.com', 'Eve Nine', NULL, NULL, NULL, "
                        + "'2020-08-01')");
        return db;
    }

    static String randomText(int length, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            int cp = r.nextBoolean() ? 'a' + r.nextInt(26) : 0x4E00 + r.nextInt(2000);
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    static CrmConfig config(Database db, Path work, Rules.WithoutEmail rule) {
        CrmConfig c = TestDatabase.configFor(db, work);
        Rules r = c.rules();
        return c.withRules(new Rules(
                r.leadStatusScale(),
                r.phoneRegion(),
                r.legalSuffixes(),
                r.freemailDomains(),
                r.maxRejectRatio(),
                rule));
    }

    @Test
    void contactsWithoutEmailAreSkippedLeavingNothingBehindAndBadFieldsAreRejectedAlone() {
        Database db = legacyWithMess("hostile_skip");
        JobContext ctx = TestJobs.context(config(db, dir.resolve("work"), Rules.WithoutEmail.SKIP), db);

        ImportOutcome out = ContactsImportJob.run(ctx, "hostile_skip");

        assertThat(out.passed()).as("verify checks: %s", out.checks()).isTrue();
        assertThat(out.read()).isEqualTo(9);
        assertThat(out.skipped())
                .as("phone-only, invalid email, over-long email")
                .isEqualTo(3);
        assertThat(out.rejected()).isZero();
        assertThat(out.loaded()).isEqualTo(6).isEqualTo(count(db, "select count(*) from contact_person_map"));
        assertThat(out.phases())
                .containsEntry(Figure.SKIPPED_NO_EMAIL, 3L)
                .containsEntry(Figure.CREATED_WITHOUT_EMAIL, 0L);
        assertThat(count(db, "select count(*) from people")).isEqualTo(5);
        // A skipped contact leaves no organization and no phone behind.
        assertThat(strings(db, "select name from organizations order by name")).containsExactly("Acme", "BuildCo");
        assertThat(strings(db, "select number from phones")).containsExactly("+12125550100");
        // The control characters are gone from what was loaded.
        assertThat(strings(
                        db,
                        "select first_name || '|' || last_name from people p join contact_person_map m "
                                + "on m.person_id = p.id where m.contact_id = '" + CONTROL + "'"))
                .containsExactly("Bob|Builder");
        // The 3,000-character company is rejected as a field; its contact is migrated without it.
        assertThat(count(db, "select count(*) from contact_person_map where contact_id = '" + LONG_COMPANY + "'"))
                .isEqualTo(1);

        Map<String, String> rejects = bySourceField(dir.resolve("work/runs/hostile_skip/rejects"));
        assertThat(rejects).containsOnlyKeys(LONG_COMPANY + ":company", INVALID + ":email", LONG_EMAIL + ":email");
        assertThat(rejects.get(LONG_COMPANY + ":company")).contains("longer than 500 characters");
        assertThat(rejects.get(LONG_EMAIL + ":email"))
                .contains("longer than 254 characters")
                .contains("RFC 5321");
        assertThat(rejects.get(INVALID + ":email")).isEqualTo("email has no '@'");
        Map<String, String> repairs = bySourceField(dir.resolve("work/runs/hostile_skip/repairs"));
        assertThat(repairs)
                .containsOnly(
                        Map.entry(CONTROL + ":name", "removed 2 control character(s)"),
                        Map.entry(CONTROL + ":company", "removed 1 control character(s)"));
        // The staged contacts hold every contact; the ones without a usable email resolved to no person (skipped).
        List<Row> withoutEmail = TestSpark.get()
                .read()
                .format("delta")
                .load(dir.resolve("work/runs/hostile_skip/" + Phase.CONTACTS.dir())
                        .toString())
                .where(col(ContactColumns.EMAIL).isNull())
                .collectAsList();
        assertThat(withoutEmail)
                .extracting(r -> r.getAs("id").toString())
                .containsExactlyInAnyOrder(PHONE_ONLY, INVALID, LONG_EMAIL);
        assertThat(withoutEmail)
                .allSatisfy(r -> assertThat(r.<String>getAs("person_id"))
                        .as("skipped: no person")
                        .isNull());

        assertThat(Verifier.notMigrated(db, db))
                .singleElement()
                .satisfies(c -> assertThat(c.detail()).isEqualTo("3 of 9 contacts"));

        Map<String, String> before = Checksums.of(db);
        ImportOutcome again = ContactsImportJob.run(ctx, "hostile_skip_again");
        assertThat(again.actual().values()).as("a re-run changes nothing").allMatch(v -> v == 0);
        assertThat(Checksums.of(db)).isEqualTo(before);
    }

    @Test
    void withTheCreateRuleEachContactWithoutEmailIsAPersonOfItsOwnAndARerunMintsNothing() {
        Database db = legacyWithMess("hostile_create");
        JobContext ctx = TestJobs.context(config(db, dir.resolve("work"), Rules.WithoutEmail.CREATE), db);

        ImportOutcome out = ContactsImportJob.run(ctx, "hostile_create");

        assertThat(out.passed()).as("verify checks: %s", out.checks()).isTrue();
        assertThat(out.skipped()).isZero();
        assertThat(out.loaded()).isEqualTo(9).isEqualTo(count(db, "select count(*) from contact_person_map"));
        assertThat(out.phases()).containsEntry(Figure.CREATED_WITHOUT_EMAIL, 3L);
        assertThat(count(db, "select count(*) from people")).isEqualTo(8);
        String phoneOnly = Ids.v5("person:contact:" + PHONE_ONLY).toString();
        assertThat(strings(
                        db, "select person_id::text from contact_person_map where contact_id = '" + PHONE_ONLY + "'"))
                .containsExactly(phoneOnly);
        assertThat(strings(
                        db,
                        "select ph.number from person_phones pp join phones ph on ph.id = pp.phone_id "
                                + "where pp.person_id = '" + phoneOnly + "'"))
                .containsExactly("+14155550199");
        assertThat(strings(
                        db,
                        "select o.name || '|' || po.title from person_organizations po join organizations o "
                                + "on o.id = po.organization_id where po.person_id = '" + phoneOnly + "'"))
                .containsExactly("Lonely Co|Owner");
        assertThat(count(db, "select count(*) from person_emails where person_id = '" + phoneOnly + "'"))
                .isZero();
        assertThat(strings(db, "select name from organizations order by name"))
                .containsExactly("Acme", "BuildCo", "Ghost Org", "Ghost Two", "Lonely Co");

        Map<String, String> before = Checksums.of(db);
        ImportOutcome again = ContactsImportJob.run(ctx, "hostile_create_again");
        assertThat(again.actual().values()).as("a re-run mints nothing").allMatch(v -> v == 0);
        assertThat(Checksums.of(db)).isEqualTo(before);
    }

    @Test
    void aNulByteInAQozbContactNameIsRemovedAndEveryRowLoads() throws IOException {
        Database db = TestDatabase.freshDatabase("hostile_qozb");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        JobContext ctx = TestJobs.context(db, dir.resolve("work"));
        String header = "property_id,property_name,address,city,state,zip,owner_organization,contact_id,contact_name,"
                + "contact_title,contact_email,contact_phone_1,contact_phone_2,property_phone\n";
        StringBuilder csv = new StringBuilder(header);
        for (int i = 1; i <= 6; i++) {
            String name = i == 3 ? "Nul\u0000 Person" : "Person " + i;
            String owner = i == 5 ? randomText(3000, 5) : "Owner " + i;
            csv.append("P-")
                    .append(i)
                    .append(",Tower ")
                    .append(i)
                    .append(",1 Main St,Austin,TX,78701,\"")
                    .append(owner)
                    .append("\",C-")
                    .append(i)
                    .append(",\"")
                    .append(name)
                    .append("\",Manager,p")
                    .append(i)
                    .append("@example.com,,,\n");
        }
        Path file = dir.resolve("qozb.csv");
        Files.writeString(file, csv);

        ImportOutcome out = SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, file, "hostile_qozb");

        assertThat(out.passed()).isTrue();
        assertThat(out.read()).isEqualTo(6);
        assertThat(out.rejected()).isZero();
        assertThat(count(db, "select count(*) from people")).isEqualTo(6);
        assertThat(count(db, "select count(*) from properties")).isEqualTo(6);
        assertThat(count(db, "select count(*) from people where first_name = 'Nul' and last_name = 'Person'"))
                .isEqualTo(1);
        assertThat(count(db, "select count(*) from organizations"))
                .as("the 3,000-character owner is rejected")
                .isEqualTo(5);
        assertThat(out.phases()).containsEntry(Figure.REPAIRED_FIELDS, 1L);
        Map<String, String> rejects = bySourceField(dir.resolve("work/runs/hostile_qozb/rejects"));
        assertThat(rejects).containsOnlyKeys("P-5:owner_organization");
    }

    private static Map<String, String> bySourceField(Path delta) {
        List<Row> rows = TestSpark.get()
                .read()
                .format("delta")
                .load(delta.toString())
                .where(col("field").isNotNull())
                .collectAsList();
        return rows.stream()
                .collect(Collectors.toMap(
                        r -> r.getAs("record_id") + ":" + r.getAs("field"), r -> r.<String>getAs("reason")));
    }
}
