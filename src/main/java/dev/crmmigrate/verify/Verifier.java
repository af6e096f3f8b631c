package dev.crmmigrate.verify;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.load.RunLog;
import dev.crmmigrate.resolve.ContactsResolver;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.JobName;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of a migrated CRM: planned vs actual per figure, and referential checks by SQL. Checks return results;
 * the caller decides what a failure means (the CLI exits 1).
 */
public final class Verifier {
    private Verifier() {}

    /**
     * Planned and actual agree on every figure both know. People matched late (signups created them after the plan,
     * see {@link Figure#PEOPLE_MATCHED_LATE}) move a few figures by at most their number, and only in one direction:
     * each was planned as a new person with a new email and email link that the signup had created already, and
     * becomes an enrichment of the signup's person (and, for a flagged contact, a status raise of the signup's email).
     * Those figures are checked as ranges.
     */
    /**
     * What {@code crm-migrate verify} checks: planned vs actual of the newest run of each job (as migration_runs
     * recorded them), the referential checks, and the legacy contacts that were not migrated.
     */
    public static List<Check> all(Database source, Database target) {
        List<Check> checks = new ArrayList<>();
        for (String runId : RunLog.latestSucceeded(target)) {
            RunLog.Recorded rec = RunLog.recorded(target, runId).orElseThrow();
            plannedVsActual(rec.planned(), rec.actual())
                    .forEach(c -> checks.add(new Check(runId + ": " + c.name(), c.passed(), c.detail())));
        }
        checks.addAll(referential(target));
        checks.addAll(notMigrated(source, target));
        return checks;
    }

    public static List<Check> plannedVsActual(Map<String, Long> planned, Map<String, Long> actual) {
        long late = actual.getOrDefault(Figure.PEOPLE_MATCHED_LATE, 0L);
        List<Check> out = new ArrayList<>();
        planned.forEach((k, v) -> {
            if (!actual.containsKey(k)) {
                // A figure the plan expects and the load did not report is a failure, never a skipped check.
                out.add(new Check(
                        "planned vs actual: " + k, false, "planned %d, the load reported nothing".formatted(v)));
                return;
            }
            long a = actual.get(k);
            String name = "planned vs actual: " + k;
            if (late > 0 && LATE_LOWERS.contains(k)) {
                out.add(new Check(
                        name,
                        a <= v && a >= v - late,
                        "expected %d, less at most %d matched late; found %d".formatted(v, late, a)));
            } else if (late > 0 && LATE_RAISES.contains(k)) {
                out.add(new Check(
                        name,
                        a >= v && a <= v + late,
                        "expected %d, more at most %d matched late; found %d".formatted(v, late, a)));
            } else {
                out.add(Check.equal(name, v, a));
            }
        });
        return out;
    }

    private static final Set<String> LATE_LOWERS =
            Set.of(Figure.PEOPLE_INSERTED, Figure.EMAILS_INSERTED, Figure.PERSON_EMAILS_INSERTED);
    /**
     * A late signup's email was planned as a new one; the signup created it as {@code active}, so a contact's
     * {@code bounced} or {@code suppressed} status for it raises the signup's row: a status update the plan could not
     * see.
     */
    private static final Set<String> LATE_RAISES = Set.of(Figure.PEOPLE_ENRICHED, Figure.EMAIL_STATUSES_UPDATED);

    /** Referential checks of the CRM, by SQL. Each query counts violations. */
    public static List<Check> referential(Database db) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put(
                "every mapped contact's person is linked to the contact's email",
                "select count(*) from contact_person_map m where m.email_id is not null and not exists "
                        + "(select 1 from person_emails pe where pe.person_id = m.person_id and pe.email_id = "
                        + "m.email_id)");
        queries.put(
                "every mapped contact has an email row",
                "select count(*) from contact_person_map m where email_id is null and not exists (select 1 from "
                        + "people p where p.id = m.person_id and p.details->>'" + ContactsResolver.WITHOUT_EMAIL
                        + "' = 'true')");
        queries.put(
                "every person created from contacts has its email link",
                "select count(*) from people p where p.details->>'import_source' = 'legacy_contacts' "
                        + "and p.details->>'" + ContactsResolver.WITHOUT_EMAIL + "' is null and not exists "
                        + "(select 1 from person_emails pe where pe.person_id = p.id)");
        queries.put(
                "no two organizations differ only in case or surrounding spaces",
                "select count(*) from (select " + StagedTable.organizationKey("btrim(name)")
                        + " from organizations group by 1 having count(*) > 1) d");
        queries.put(
                "no email address duplicated after normalization",
                "select count(*) from (select lower(btrim(address)) from emails group by 1 having count(*) > 1) d");
        queries.put(
                "every property's owner exists",
                "select count(*) from properties p where p.owner_organization_id is not null "
                        + "and not exists (select 1 from organizations o where o.id = p.owner_organization_id)");
        List<Check> out = new ArrayList<>();
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            for (Map.Entry<String, String> q : queries.entrySet()) {
                try (ResultSet rs = st.executeQuery(q.getValue())) {
                    rs.next();
                    long n = rs.getLong(1);
                    out.add(new Check(q.getKey(), n == 0, n + " violation(s)"));
                }
            }
        } catch (SQLException e) {
            throw Errors.database("verification", db.safeUrl(), e);
        }
        return out;
    }

    /**
     * Legacy contacts that no contacts import mapped: under the rules only those without a usable email ("not migrated:
     * no email", or none when they were created as people of their own). A figure, not a failure; empty when no
     * contacts import has run or the legacy table is gone (retired).
     */
    public static List<Check> notMigrated(Database source, Database target) {
        long contacts;
        long mapped;
        try (Connection t = target.open();
                Statement st = t.createStatement()) {
            if (RunLog.succeeded(t, JobName.IMPORT_CONTACTS.id()) == 0) {
                return List.of();
            }
            try (ResultSet rs = st.executeQuery("select count(*) from " + StagedTable.CONTACT_MAP.target)) {
                rs.next();
                mapped = rs.getLong(1);
            }
        } catch (SQLException e) {
            throw Errors.database("verification", target.safeUrl(), e);
        }
        try (Connection s = source.open();
                Statement st = s.createStatement();
                ResultSet rs = st.executeQuery("select to_regclass('contacts') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return List.of();
            }
            try (ResultSet n = st.executeQuery("select count(*) from contacts")) {
                n.next();
                contacts = n.getLong(1);
            }
        } catch (SQLException e) {
            throw Errors.database("verification", source.safeUrl(), e);
        }
        return List.of(new Check(
                "contacts not migrated: no email (rules.contacts_without_email)",
                true,
                (contacts - mapped) + " of " + contacts + " contacts"));
    }
}
