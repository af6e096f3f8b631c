package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.explain.Decisions;
import dev.crmmigrate.explain.ExplainJob;
import dev.crmmigrate.explain.Explanation;
import dev.crmmigrate.report.ExplainReport;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code explain} on the field report's contacts import at scale 1, for the four cases a CRM owner asks about first: a
 * first-wins loser, an enriched existing person, a shared role address and a created person. Every fact it prints is
 * checked against the CRM, the legacy table or the change log, queried here on their own.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class ExplainE2E {
    static FieldReportMigration m;
    static String run;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
        run = m.contacts().runId();
    }

    static Explanation explain(ExplainJob.By by, String value) {
        return ExplainJob.run(
                new ExplainJob.Sources(
                        m.ctx().spark(), m.ctx().config().runsDir(), m.ctx().target()),
                by,
                value,
                null);
    }

    static String one(String sql) {
        List<String> rows = TestDatabase.strings(m.db(), sql);
        assertThat(rows).as(sql).isNotEmpty();
        return rows.get(0);
    }

    @Test
    void aFirstWinsLoserShowsItsGroupTheWinnerAndTheWinnersPerson() {
        String loser = one("select contact_id::text from contact_person_map where not is_first order by contact_id");
        String normalized = one("select lower(btrim(email)) from contacts where id = '" + loser + "'");
        String winner = one("select id::text from contacts where lower(btrim(email)) = '" + normalized
                + "' order by created_at, id limit 1");
        String person = one("select person_id::text from contact_person_map where contact_id = '" + loser + "'");

        Explanation e = explain(ExplainJob.By.CONTACT, loser);
        assertThat(e.runId()).isEqualTo(run);
        assertThat(e.staged()).isTrue();
        Explanation.Contact l = e.contacts().stream()
                .filter(c -> c.id().equals(loser))
                .findFirst()
                .orElseThrow();
        assertThat(l.normalizedEmail()).isEqualTo(normalized);
        assertThat(l.winner()).isFalse();
        assertThat(l.personId()).isEqualTo(person);
        Explanation.Contact w = e.contacts().get(0);
        assertThat(w.id())
                .as("rank 1 is the earliest created, then the lowest id")
                .isEqualTo(winner);
        assertThat(w.winner()).isTrue();
        assertThat(w.personId()).as("the loser maps to the winner's person").isEqualTo(person);
        assertThat(e.contacts()).as("the whole group").hasSize((int)
                count(m.db(), "select count(*) from contacts where lower(btrim(email)) = '" + normalized + "'"));
        assertThat(e.people()).extracting(Explanation.Person::id).containsExactly(person);
        assertThat(ExplainReport.text(e))
                .contains(
                        "first-wins group of " + normalized,
                        "contact " + winner,
                        ": winner (rank 1)",
                        "contact " + loser,
                        ": loser (rank " + l.rank() + ")");
    }

    @Test
    void anEnrichedExistingPersonShowsEachFieldBeforeAndAfterWithItsRule() {
        String person = one("select key1::text from migration_changes where run_id = '" + run
                + "' and table_name = 'people' and op = 'U' and before->>'lead_status' is distinct from "
                + "after->>'lead_status' order by key1 limit 1");
        Explanation e = explain(ExplainJob.By.PERSON, person);
        Explanation.Person p = e.people().get(0);
        assertThat(p.existing()).isTrue();
        assertThat(p.createdBy()).isNotEqualTo(run);
        Explanation.Change lead = p.enrichments().stream()
                .filter(c -> c.field().equals("lead_status"))
                .findFirst()
                .orElseThrow();
        assertThat(lead.before())
                .isEqualTo(one("select coalesce(before->>'lead_status', '') from migration_changes where run_id = '"
                                + run + "' and key1 = '" + person + "' and op = 'U' and table_name = 'people'")
                        .transform(s -> s.isEmpty() ? null : s));
        assertThat(lead.after()).isEqualTo(one("select lead_status from people where id = '" + person + "'"));
        assertThat(lead.rule()).contains("only rises");
        assertThat(lead.run()).isEqualTo(run);
        assertThat(p.enrichments())
                .allSatisfy(c -> assertThat(c.rule())
                        .isEqualTo(
                                switch (c.field()) {
                                    case "tags" -> "tags are a union: the import only adds tags";
                                    case "lead_status" -> "the lead status only rises along rules.lead_status_scale";
                                    default -> "a user id only fills an empty one";
                                }));
        assertThat(ExplainReport.text(e))
                .contains(
                        "person " + person + ": existing",
                        "enriched lead_status: " + lead.before() + " -> " + lead.after());
    }

    @Test
    void aSharedRoleAddressIsMatchedToTheEarliestCreatedOfItsPeople() {
        String address = one("select e.address from emails e join person_emails pe on pe.email_id = e.id "
                + "join contacts c on lower(btrim(c.email)) = e.address join people p on p.id = pe.person_id "
                + "where p.details->>'import_source' is distinct from 'legacy_contacts' group by e.address "
                + "having count(distinct pe.person_id) > 1 order by e.address limit 1");
        long holders = count(
                m.db(),
                "select count(*) from person_emails pe join emails e on e.id = pe.email_id where e.address = '"
                        + address + "'");
        String earliest = one("select p.id::text from people p join person_emails pe on pe.person_id = p.id join "
                + "emails e on e.id = pe.email_id where e.address = '" + address + "' order by p.created_at, p.id "
                + "limit 1");
        Explanation e = explain(ExplainJob.By.EMAIL, "  " + address.toUpperCase() + " ");
        assertThat(e.contacts())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.personId()).isEqualTo(earliest));
        Explanation.Person p = e.people().get(0);
        assertThat(p.id()).isEqualTo(earliest);
        assertThat(p.existing()).isTrue();
        assertThat(p.matchedAddress()).isEqualTo(address);
        assertThat(p.candidates()).isEqualTo(holders).isGreaterThan(1);
        assertThat(ExplainReport.text(e))
                .contains("matched by address " + address, "shared: " + holders + " people hold it");
    }

    @Test
    void aCreatedPersonShowsTheRunThatCreatedItAndAddedEachLink() {
        String person = one("select key1::text from migration_changes where run_id = '" + run
                + "' and table_name = 'people' and op = 'I' and exists (select 1 from person_organizations po "
                + "where po.person_id = key1) order by key1 limit 1");
        Explanation e = explain(ExplainJob.By.PERSON, person);
        Explanation.Person p = e.people().get(0);
        assertThat(p.existing()).isFalse();
        assertThat(p.createdBy()).isEqualTo(run);
        assertThat(p.enrichments()).isEmpty();
        assertThat(p.links())
                .filteredOn(l -> l.kind().equals("organization"))
                .extracting(Explanation.Link::target)
                .containsExactlyInAnyOrderElementsOf(TestDatabase.strings(
                        m.db(),
                        "select o.name from person_organizations po join organizations o on o.id = "
                                + "po.organization_id where po.person_id = '" + person + "'"));
        assertThat(p.links()).isNotEmpty().allSatisfy(l -> assertThat(l.run()).isEqualTo(run));
        assertThat(p.emails())
                .extracting(Explanation.EmailStatus::address)
                .containsExactlyInAnyOrderElementsOf(TestDatabase.strings(
                        m.db(),
                        "select e.address from person_emails pe join emails e on e.id = pe.email_id where "
                                + "pe.person_id = '" + person + "'"));
        assertThat(e.contacts()).as("the contacts mapped to it").isNotEmpty();
        assertThat(ExplainReport.text(e)).contains("person " + person + ": created by this run", "added by run " + run);
        assertThat(ExplainReport.json(e)).contains("\"createdBy\" : \"" + run + "\"");
    }

    @Test
    void theReportsDecisionsCountEachRuleWithMaskedExamplesAndACommandThatExplainsOne() {
        Map<String, Decisions.Decision> d = new LinkedHashMap<>();
        m.contacts().decisions().forEach(x -> d.put(x.rule(), x));
        Decisions.Decision losers = d.get("first-wins losers (mapped to the earliest contact's person)");
        assertThat(losers.count())
                .isEqualTo(count(m.db(), "select count(*) from contact_person_map where not is_first"))
                .isPositive();
        assertThat(losers.examples()).hasSize(3);
        String contact = losers.explain().replace("crm-migrate explain --contact ", "");
        assertThat(explain(ExplainJob.By.CONTACT, contact).contacts())
                .filteredOn(c -> c.id().equals(contact))
                .singleElement()
                .satisfies(c -> assertThat(c.winner()).isFalse());
        assertThat(d.get("existing people enriched: lead_status").count())
                .isEqualTo(count(
                        m.db(),
                        "select count(*) from migration_changes where run_id = '" + run + "' and table_name = "
                                + "'people' and op = 'U' and before->>'lead_status' is distinct from "
                                + "after->>'lead_status'"));
        Decisions.Decision raised = d.get("email statuses raised (sticky)");
        assertThat(raised.count())
                .isEqualTo(count(
                        m.db(),
                        "select count(*) from migration_changes where run_id = '" + run + "' and table_name = "
                                + "'emails' and op = 'U' and before->>'status' is distinct from after->>'status'"))
                .isPositive();
        assertThat(raised.examples())
                .as("addresses are masked, and the command names a person, not the address")
                .allSatisfy(x -> assertThat(x).contains("***"));
        assertThat(raised.explain()).startsWith("crm-migrate explain --person ");
        Decisions.Decision skipped = d.get("contacts skipped: no usable email (rules.contacts_without_email: skip)");
        assertThat(skipped.count())
                .isEqualTo(count(
                        m.db(),
                        "select count(*) from contacts c where not exists (select 1 from contact_person_map m "
                                + "where m.contact_id = c.id)"))
                .isPositive();
        assertThat(skipped.explain()).startsWith("crm-migrate explain --contact ");
        assertThat(d)
                .containsKeys(
                        "existing people enriched: tags",
                        "existing people enriched: user_id",
                        "people matched late (a signup between the plan and the load)");
    }
}
