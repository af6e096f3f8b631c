package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.Figures;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.SourceImportJob;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.verify.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The three imports of the field report: every figure of contacts_import_phases, before_migration, after_migration
 * and source_imports, from the jobs' outcomes and by SQL against the database; then a second run that changes nothing.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class FieldReportImportsE2E {
    static FieldReportMigration m;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
    }

    @Test
    void everyImportFigureEqualsTheFieldReport() {
        // Every figure of the field report's four import tables is computed and equal; the phases also report what the
        // field report had no row for, and those are named here, so a figure missing on either side fails.
        assertFigures(
                "contacts_import_phases",
                Figures.contactsPhases(m.contacts()),
                Set.of(
                        Figure.NEW_ORGANIZATIONS,
                        Figure.AMBIGUOUS_EMAILS,
                        Figure.REJECTED_CONTACTS,
                        Figure.SKIPPED_NO_EMAIL,
                        Figure.CREATED_WITHOUT_EMAIL,
                        Figure.REJECTED_FIELDS,
                        Figure.REPAIRED_FIELDS));
        assertFigures("before_migration", m.contacts().before(), Set.of());
        assertFigures("after_migration", m.contacts().after(), Set.of());
        assertFigures("source_imports", Figures.sourceImports(m.qozb(), m.fo()), Set.of());
        // The field report's note: 6,322 new company strings become 6,319 organizations (3 case-only pairs merge).
        assertThat(((Number) Figures.contactsPhases(m.contacts()).get(Figure.NEW_ORGANIZATIONS)).longValue())
                .isEqualTo(
                        m.figure("after_migration", "organizations") - m.figure("before_migration", "organizations"));
        assertThat(m.contacts().checks()).isNotEmpty().allMatch(Check::passed);
    }

    static void assertFigures(String section, Map<String, ? extends Object> computed, Set<String> beyondTheReport) {
        List<String> expected = new ArrayList<>();
        m.seed().path(section).fieldNames().forEachRemaining(expected::add);
        List<String> all = new ArrayList<>(expected);
        all.addAll(beyondTheReport);
        assertThat(computed.keySet()).as("figures of %s", section).containsExactlyInAnyOrderElementsOf(all);
        for (String k : expected) {
            assertThat(((Number) computed.get(k)).longValue())
                    .as(section + "." + k)
                    .isEqualTo(m.figure(section, k));
        }
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
            assertThat(count(m.db(), "select count(*) from " + t)).as(t).isEqualTo(m.figure("after_migration", t));
        }
        assertThat(count(m.db(), "select count(*) from contact_person_map"))
                .isEqualTo(m.figure("contacts_import_phases", Figure.MAPPINGS_SAVED));
        assertThat(count(m.db(), "select count(*) from people where details->>'import_source' = 'legacy_contacts'"))
                .isEqualTo(m.figure("contacts_import_phases", Figure.PEOPLE_INSERTED));
        assertThat(count(m.db(), "select count(*) from people where details->>'import_source' = 'qozb'"))
                .isEqualTo(m.figure("source_imports", "qozb_people"));
        assertThat(count(m.db(), "select count(*) from person_emails where source = 'legacy_contacts'"))
                .isEqualTo(m.figure("contacts_import_phases", Figure.PERSON_EMAILS_INSERTED));
        assertThat(count(m.db(), "select count(*) from person_phones where source = 'legacy_contacts'"))
                .isEqualTo(m.figure("contacts_import_phases", Figure.PERSON_PHONES_INSERTED));
        // duplicates map to the first contact's person
        assertThat(count(m.db(), "select count(*) from contact_person_map where not is_first"))
                .isEqualTo(m.figure("contacts_analysis", "duplicate_emails"));
        assertThat(count(
                        m.db(),
                        "select count(*) from contact_person_map m join contact_person_map f on f.person_id = "
                                + "m.person_id and f.is_first where not m.is_first"))
                .isEqualTo(m.figure("contacts_analysis", "duplicate_emails"));
        // the case-only pairs of company names merged into one organization each
        assertThat(count(
                        m.db(),
                        "select count(distinct lower(btrim(company))) from contacts c where lower(btrim(company)) "
                                + "in (select lower(name) from organizations where org_type = 'company')"))
                .isEqualTo(
                        m.figure("after_migration", "organizations") - m.figure("before_migration", "organizations"));
        // statuses: every bounced contact's email is bounced, sticky
        assertThat(count(
                        m.db(),
                        "select count(*) from contacts c join emails e on e.address = lower(btrim(c.email)) "
                                + "where c.globally_bounced and e.status <> 'bounced'"))
                .isZero();
        // user ids of website signups set on their people
        assertThat(count(
                        m.db(),
                        "select count(distinct c.user_id) from contacts c join contact_person_map m on m.contact_id "
                                + "= c.id join people p on p.id = m.person_id and p.user_id = c.user_id"))
                .isEqualTo(m.figure("contacts_analysis", "has_user_id"));
    }

    @Test
    void aSecondRunChangesNothing() {
        Map<String, String> before = Checksums.of(m.db());
        ImportOutcome q2 = SourceImportJob.run(
                m.ctx(), SourceImportJob.Kind.QOZB, DemoFixture.scale1().resolve("crm/qozb_properties.csv"));
        ImportOutcome c2 = ContactsImportJob.run(m.ctx());
        assertThat(q2.actual().values()).allMatch(v -> v == 0L);
        assertThat(c2.actual().values()).allMatch(v -> v == 0L);
        assertThat(c2.planned().values()).allMatch(v -> v == 0L);
        assertThat(Checksums.of(m.db())).isEqualTo(before);
    }
}
