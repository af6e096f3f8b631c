package dev.crmmigrate.job;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.report.Figures;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestSpark;
import dev.crmmigrate.verify.Check;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field report's migration on the scale-1 demo data set: the three audits (before the contacts import, as in
 * the report), then every figure of contacts_import_phases,
 * before_migration, after_migration and source_imports, checked against the acceptance figures both from the jobs'
 * results and by SQL against the database; then a second run that must change nothing.
 */
@Slow
class MigrationEndToEndTest {
    @TempDir
    static Path work;

    static Database db;
    static JobContext ctx;
    static JsonNode seed;
    static ImportOutcome qozb;
    static ImportOutcome fo;
    static ImportOutcome contacts;
    static AuditOutcome audit;

    @BeforeAll
    static void migrate() throws IOException {
        try (InputStream in = MigrationEndToEndTest.class.getResourceAsStream("/acceptance/seed-figures.json")) {
            seed = new ObjectMapper().readTree(in);
        }
        Path demo = DemoFixture.scale1();
        db = TestDatabase.freshDatabase("e2e");
        ctx = new JobContext(TestDatabase.configFor(db, work), TestSpark.get(), db, db);
        SeedLegacyJob.run(db, demo);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        qozb = SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, demo.resolve("crm/qozb_properties.csv"), null);
        fo = SourceImportJob.run(
                ctx, SourceImportJob.Kind.FAMILY_OFFICE, demo.resolve("crm/family_office_contacts.csv"), null);
        audit = AuditJob.run(ctx, demo.resolve("lists"), AuditJob.ALL);
        contacts = ContactsImportJob.run(ctx, null);
    }

    @Test
    void everyAuditFigureEqualsTheFieldReport() {
        audit.sections()
                .forEach((section, figures) -> ((Map<?, ?>) figures).forEach((k, v) -> {
                    JsonNode e = seed.path(section).path(String.valueOf(k));
                    double x = ((Number) v).doubleValue();
                    if (e.isNumber()) {
                        assertThat(x).as(section + "." + k).isEqualTo(e.asDouble());
                    } else if (e.has("tolerance")) {
                        assertThat(x)
                                .as(section + "." + k)
                                .isCloseTo(
                                        e.get("value").asDouble(),
                                        Offset.offset(e.get("tolerance").asDouble()));
                    } else if (e.has("max")) {
                        assertThat(x)
                                .as(section + "." + k)
                                .isLessThanOrEqualTo(e.get("max").asDouble());
                    }
                }));
        assertThat(audit.sections().keySet())
                .containsExactlyInAnyOrder("email_list_overlap", "company_overlap", "contacts_analysis");
        assertThat(((Map<?, ?>) audit.sections().get("contacts_analysis")).size())
                .isGreaterThanOrEqualTo(14);
    }

    @Test
    void auditFiguresReDerivedByPlainSql() {
        // The contacts-analysis figures the audit computed in Spark, counted again by SQL in the database it read.
        AuditResultView a = new AuditResultView(audit.get("contacts_analysis"));
        assertThat(a.get("globally_bounced"))
                .isEqualTo(count(db, "select count(*) from contacts where globally_bounced"));
        assertThat(a.get("has_user_id"))
                .isEqualTo(count(db, "select count(*) from contacts where user_id is not null"));
        assertThat(a.get("duplicate_emails"))
                .isEqualTo(count(
                        db,
                        "select count(*) - count(distinct lower(btrim(email))) from contacts where email is not null"));
        assertThat(a.get("email_match"))
                .isEqualTo(count(
                        db,
                        "select count(distinct lower(btrim(c.email))) from contacts c "
                                + "join emails e on e.address = lower(btrim(c.email)) join person_emails pe "
                                + "on pe.email_id = e.id "
                                + "join people p on p.id = pe.person_id and p.details->>'import_source' in "
                                + "('qozb', 'family_office')"));
    }

    @Test
    void auditRowLevelResultsAndHistoryAreDeltaTables() {
        SparkSession spark = TestSpark.get();
        assertThat(audit.get("email_list_overlap")
                        .rows()
                        .get("email_overlap_rows")
                        .count())
                .isEqualTo(fig("email_list_overlap", "overlap_with_crm"));
        assertThat(audit.get("company_overlap")
                        .rows()
                        .get("company_overlap_rows")
                        .count())
                .isEqualTo(fig("company_overlap", "overlap_with_crm"));
        Path history = work.resolve("audit/metrics");
        long runs = spark.read()
                .format("delta")
                .load(history.toString())
                .select("run_id")
                .distinct()
                .count();
        AuditJob.run(ctx, DemoFixture.scale1().resolve("lists"), Set.of("companies"));
        assertThat(spark.read()
                        .format("delta")
                        .load(history.toString())
                        .select("run_id")
                        .distinct()
                        .count())
                .isEqualTo(runs + 1);
    }

    @Test
    void theHtmlReportRendersInHeadlessChromiumWithItsCharts() throws Exception {
        dev.crmmigrate.report.Page report = new dev.crmmigrate.report.Page("test report");
        dev.crmmigrate.report.AuditReport.render(audit, report, false);
        String html = report.html();
        Path page = work.resolve("report.html");
        Files.writeString(page, html);
        assertThat(html).as("self-contained").doesNotContain("http://", "https://");
        dev.crmmigrate.support.Chromium.Rendered r =
                dev.crmmigrate.support.Chromium.dumpDom(page, work.resolve("chromium"));
        assertThat(r.dom())
                .contains(
                        "id=\"email-overlap-by-category\"",
                        "id=\"company-category-matrix\"",
                        "id=\"contacts-analysis\"");
        assertThat(r.dom()).contains("<rect class=\"bar\"");
        assertThat(r.consoleErrors()).isEmpty();
        // reports show no raw address unless --show-pii
        String first = audit.get("email_list_overlap")
                .rows()
                .get("email_overlap_rows")
                .orderBy("address")
                .first()
                .getString(0);
        assertThat(html).doesNotContain(first).contains(dev.crmmigrate.Secrets.maskEmail(first));
    }

    @Test
    void reauditFindsNoDriftOnAnUnchangedDatabaseThenExactlyTheAddedOverlap() throws Exception {
        Path lists = work.resolve("reaudit-lists");
        Files.createDirectories(lists);
        try (var files = Files.list(DemoFixture.scale1().resolve("lists"))) {
            for (Path f : files.toList()) {
                Files.copy(f, lists.resolve(f.getFileName()));
            }
        }
        Set<String> emails = Set.of("emails");
        AuditOutcome a = AuditJob.run(ctx, lists, emails);
        AuditOutcome b = AuditJob.run(ctx, lists, emails);
        Dataset<Row> history =
                new dev.crmmigrate.audit.MetricHistory(TestSpark.get(), work.resolve("audit/metrics")).read();
        dev.crmmigrate.audit.Drift.Report none = dev.crmmigrate.audit.Drift.compare(
                history,
                a.runId(),
                b.runId(),
                a.get("email_list_overlap").rows().get("email_overlap_rows"),
                b.get("email_list_overlap").rows().get("email_overlap_rows"),
                1.0,
                0,
                false);
        assertThat(none.changes()).isEmpty();
        assertThat(none.newOverlaps()).isZero();
        assertThat(none.alert()).isFalse();

        // A new list with 7 addresses the CRM holds and no list had yet (written as people type them).
        List<String> known =
                b.get("email_list_overlap").rows().get("email_overlap_rows").select("address").collectAsList().stream()
                        .map(r -> r.getString(0))
                        .toList();
        List<String> added = new ArrayList<>();
        try (var c = db.open();
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "select e.address from emails e join person_emails pe on pe.email_id = e.id join people p "
                                + "on p.id = pe.person_id and p.details->>'import_source' = 'family_office' order by "
                                + "e.address limit 200")) {
            while (rs.next() && added.size() < 7) {
                if (!known.contains(rs.getString(1))) {
                    added.add(rs.getString(1));
                }
            }
        }
        StringBuilder csv = new StringBuilder("E-mail,Company\n");
        added.forEach(x -> csv.append(" ").append(x.toUpperCase(Locale.ROOT)).append(",Acme Holdings LLC\n"));
        Files.writeString(lists.resolve("developer_new_leads.csv"), csv);
        AuditOutcome after = AuditJob.run(ctx, lists, emails);
        history = new dev.crmmigrate.audit.MetricHistory(TestSpark.get(), work.resolve("audit/metrics")).read();
        dev.crmmigrate.audit.Drift.Report drift = dev.crmmigrate.audit.Drift.compare(
                history,
                b.runId(),
                after.runId(),
                b.get("email_list_overlap").rows().get("email_overlap_rows"),
                after.get("email_list_overlap").rows().get("email_overlap_rows"),
                1.0,
                0,
                false);
        assertThat(drift.newOverlaps()).isEqualTo(7);
        assertThat(drift.changes()).anySatisfy(ch -> {
            assertThat(ch.label()).isEqualTo("email_list_overlap.overlap_with_crm");
            assertThat(ch.delta()).isEqualTo(7.0);
        });
        assertThat(drift.alert()).isTrue();
        assertThat(drift.thresholdsCrossed()).anyMatch(t -> t.contains("7 outreach emails newly found"));
    }

    @Test
    void followupsDoTheirWorkReportWhatTheyCannotAndASecondRunChangesNothing() throws Exception {
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        Database f = TestDatabase.copyOf(name, "followups");
        Path findings = work.resolve("findings");
        List<dev.crmmigrate.followup.FollowupResult> first = dev.crmmigrate.followup.FollowupJob.all(f, findings);
        Map<String, dev.crmmigrate.followup.FollowupResult> r = new HashMap<>();
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
        List<dev.crmmigrate.followup.FollowupResult> second = dev.crmmigrate.followup.FollowupJob.all(f, findings);
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
        var retired = new dev.crmmigrate.followup.Followups(f, null).retireContacts(false);
        assertThat(retired.done()).as(retired.findings().toString()).isTrue();
        assertThat(count(f, "select count(*) from contacts_legacy"))
                .isEqualTo(fig("contacts_analysis", "total_contacts"));
        assertThat(new dev.crmmigrate.followup.Followups(f, null)
                        .retireContacts(true)
                        .figures()
                        .get("renamed"))
                .isEqualTo(1);
        assertThat(count(f, "select count(*) from contacts")).isEqualTo(fig("contacts_analysis", "total_contacts"));
    }

    @Test
    void concurrentSignupsMakeExactlyOnePersonPerEmail() throws Exception {
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        Database f = TestDatabase.copyOf(name, "signups");
        new dev.crmmigrate.followup.Followups(f, null).signupTrigger();
        String existing;
        try (var c = f.open();
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "select e.address from emails e join person_emails pe on pe.email_id = e.id join people p on "
                                + "p.id = pe.person_id "
                                + "where p.user_id is null group by e.address having count(*) = 1 order by e.address "
                                + "limit 1")) {
            rs.next();
            existing = rs.getString(1);
        }
        List<String> signups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            signups.add("new.signup" + i + "@investor-mail.com");
            signups.add("New.Signup" + i + "@Investor-Mail.com ");
            signups.add("new.signup" + i + "@investor-mail.com");
        }
        signups.add(existing.toUpperCase(Locale.ROOT));
        long peopleBefore = count(f, "select count(*) from people");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (String email : signups) {
            done.add(pool.submit(() -> {
                go.await();
                TestDatabase.execute(
                        f,
                        "insert into auth.users (id, email, raw_user_meta_data) values (gen_random_uuid(), '" + email
                                + "', '{\"full_name\": \"Sam Signup\"}')");
                return null;
            }));
        }
        go.countDown();
        for (var d : done) {
            d.get();
        }
        pool.shutdown();
        assertThat(count(f, "select count(*) from people")).isEqualTo(peopleBefore + 20);
        assertThat(count(
                        f,
                        "select count(*) from (select e.address from emails e join person_emails pe on pe.email_id = "
                                + "e.id "
                                + "where e.address like 'new.signup%' group by e.address having count(*) = 1) one"))
                .isEqualTo(20);
        assertThat(count(f, "select count(*) from emails where address like 'new.signup%'"))
                .isEqualTo(20);
        assertThat(count(
                        f,
                        "select count(*) from people p join person_emails pe on pe.person_id = p.id join emails e on "
                                + "e.id = pe.email_id where e.address = '" + existing + "' and p.user_id is not null"))
                .isEqualTo(1);
        assertThat(count(
                        f,
                        "select count(*) from contacts where source = 'website_signup' and created_at > "
                                + "now() - interval '1 hour'"))
                .as("the legacy trigger no longer writes contacts")
                .isZero();
    }

    @Test
    void organizationReviewFindsThePlantedNearDuplicatesAndMergesOnlyApprovedPairsReversibly() throws Exception {
        Path review = work.resolve("review/org_candidates.csv");
        OrgCandidatesJob.Outcome o =
                OrgCandidatesJob.run(ctx, 0.7, DemoFixture.scale1().resolve("org_near_duplicates_truth.csv"), review);
        assertThat(o.truthPositives()).isEqualTo(50);
        assertThat(o.recall()).as("recall against the planted ground truth").isGreaterThanOrEqualTo(0.9);
        assertThat(o.precision())
                .as("precision against the planted ground truth")
                .isGreaterThanOrEqualTo(0.9);

        // A reviewer approves the proposed pairs that the ground truth confirms.
        Map<String, Boolean> truth =
                OrgCandidatesJob.readTruth(DemoFixture.scale1().resolve("org_near_duplicates_truth.csv"));
        List<String> lines = Files.readAllLines(review);
        StringBuilder plan = new StringBuilder(lines.get(0)).append('\n');
        int approved = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            String a = f[1].replace("\"", "");
            String b = f[3].replace("\"", "");
            boolean yes = Boolean.TRUE.equals(truth.get(OrgCandidatesJob.pairKey(a, b))) && f[8].equals("true");
            approved += yes ? 1 : 0;
            plan.append(line).append(yes ? "merge" : "keep").append('\n');
        }
        Path planFile = work.resolve("review/reviewed.csv");
        Files.writeString(planFile, plan);
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        Database m = TestDatabase.copyOf(name, "merge");
        Map<String, String> before = Checksums.stable(m);
        long orgsBefore = count(m, "select count(*) from organizations");

        var merged = dev.crmmigrate.followup.OrgMerge.merge(m, planFile);
        assertThat(merged.figures().get("merged")).isEqualTo(approved).isPositive();
        assertThat(count(m, "select count(*) from organizations")).isEqualTo(orgsBefore - approved);
        assertThat(count(m, "select count(*) from organization_merges")).isEqualTo(approved);
        assertThat(count(
                        m,
                        "select count(*) from person_organizations po left join organizations o on o.id = "
                                + "po.organization_id where o.id is null"))
                .isZero();
        var again = dev.crmmigrate.followup.OrgMerge.merge(m, planFile);
        assertThat(again.figures().get("merged"))
                .as("re-applying a plan merges nothing")
                .isZero();

        try (var c = m.open();
                var st = c.createStatement();
                var rs = st.executeQuery("select merge_id from organization_merges")) {
            List<UUID> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add((UUID) rs.getObject(1));
            }
            for (UUID id : ids) {
                dev.crmmigrate.followup.OrgMerge.undo(m, id);
            }
        }
        Map<String, String> after = Checksums.stable(m);
        assertThat(after).as("every merge undone exactly").isEqualTo(before);
    }

    /** Metric values by name. */
    record AuditResultView(dev.crmmigrate.audit.AuditResult r) {
        long get(String name) {
            return (long) r.value(name);
        }
    }

    private static long fig(String section, String key) {
        return seed.get(section).get(key).asLong();
    }

    @Test
    void everyImportFigureEqualsTheFieldReport() {
        Figures.contactsPhases(contacts).forEach((k, v) -> {
            if (seed.get("contacts_import_phases").has(k)) {
                assertThat(((Number) v).longValue())
                        .as("contacts_import_phases." + k)
                        .isEqualTo(fig("contacts_import_phases", k));
            }
        });
        contacts.before()
                .forEach((k, v) -> assertThat(v).as("before_migration." + k).isEqualTo(fig("before_migration", k)));
        contacts.after()
                .forEach((k, v) -> assertThat(v).as("after_migration." + k).isEqualTo(fig("after_migration", k)));
        Figures.sourceImports(qozb, fo)
                .forEach((k, v) -> assertThat(((Number) v).longValue())
                        .as("source_imports." + k)
                        .isEqualTo(fig("source_imports", k)));
        assertThat(contacts.checks()).allMatch(Check::passed);
    }

    @Test
    void theDatabaseHoldsTheFiguresBySql() {
        for (String t : new String[] {
            "people",
            "emails",
            "phones",
            "organizations",
            "properties",
            "person_emails",
            "person_phones",
            "person_organizations"
        }) {
            assertThat(count(db, "select count(*) from " + t)).as(t).isEqualTo(fig("after_migration", t));
        }
        assertThat(count(db, "select count(*) from contact_person_map"))
                .isEqualTo(fig("contacts_import_phases", Figure.MAPPINGS_SAVED));
        assertThat(count(db, "select count(*) from people where details->>'import_source' = 'legacy_contacts'"))
                .isEqualTo(fig("contacts_import_phases", Figure.PEOPLE_INSERTED));
        assertThat(count(db, "select count(*) from people where details->>'import_source' = 'qozb'"))
                .isEqualTo(fig("source_imports", "qozb_people"));
        assertThat(count(db, "select count(*) from person_emails where source = 'legacy_contacts'"))
                .isEqualTo(fig("contacts_import_phases", Figure.PERSON_EMAILS_INSERTED));
        assertThat(count(db, "select count(*) from person_phones where source = 'legacy_contacts'"))
                .isEqualTo(fig("contacts_import_phases", Figure.PERSON_PHONES_INSERTED));
        // duplicates map to the first contact's person
        assertThat(count(db, "select count(*) from contact_person_map where not is_first"))
                .isEqualTo(fig("contacts_analysis", "duplicate_emails"));
        assertThat(count(
                        db,
                        "select count(*) from contact_person_map m join contact_person_map f on f.person_id = "
                                + "m.person_id and f.is_first where not m.is_first"))
                .isEqualTo(fig("contacts_analysis", "duplicate_emails"));
        // the case-only pairs of company names merged into one organization each
        assertThat(count(
                        db,
                        "select count(distinct lower(btrim(company))) from contacts c where lower(btrim(company)) "
                                + "in (select lower(name) from organizations where org_type = 'company')"))
                .isEqualTo(19365 - 13046);
        // statuses: every bounced contact's email is bounced, sticky
        assertThat(count(
                        db,
                        "select count(*) from contacts c join emails e on e.address = lower(btrim(c.email)) "
                                + "where c.globally_bounced and e.status <> 'bounced'"))
                .isZero();
        // user ids of website signups set on their people
        assertThat(count(
                        db,
                        "select count(distinct c.user_id) from contacts c join contact_person_map m on m.contact_id "
                                + "= c.id join people p on p.id = m.person_id and p.user_id = c.user_id"))
                .isEqualTo(fig("contacts_analysis", "has_user_id"));
    }

    @Test
    void aSecondRunChangesNothing() {
        Map<String, String> before = Checksums.of(db);
        ImportOutcome q2 = SourceImportJob.run(
                ctx, SourceImportJob.Kind.QOZB, DemoFixture.scale1().resolve("crm/qozb_properties.csv"), null);
        ImportOutcome c2 = ContactsImportJob.run(ctx, null);
        assertThat(q2.actual().values()).allMatch(v -> v == 0L);
        assertThat(c2.actual().values()).allMatch(v -> v == 0L);
        assertThat(c2.planned().values()).allMatch(v -> v == 0L);
        assertThat(Checksums.of(db)).isEqualTo(before);
    }

    @Test
    void preflightMismatchStopsBeforeAnythingIsWritten() {
        Database other = TestDatabase.freshDatabase("preflight");
        SchemaMigrator.migrate(other, SchemaMigrator.Location.CRM);
        TestDatabase.execute(other, "alter table person_organizations drop column title");
        JobContext c =
                new JobContext(TestDatabase.configFor(other, work.resolve("preflight")), TestSpark.get(), other, other);
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
}
