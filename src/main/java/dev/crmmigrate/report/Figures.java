package dev.crmmigrate.report;

import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.OrgCandidatesJob;
import dev.crmmigrate.stage.Figure;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps job outcomes to the sections and keys of the field report (and of the acceptance figures). */
public final class Figures {
    private Figures() {}

    public static Map<String, Object> sourceImports(ImportOutcome qozb, ImportOutcome familyOffice) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (qozb != null) {
            m.put("qozb_people", qozb.phases().get("people"));
            m.put("qozb_organizations", qozb.phases().get("organizations"));
            m.put("qozb_properties", qozb.phases().get("properties"));
        }
        if (familyOffice != null) {
            m.put("family_office_people", familyOffice.phases().get("people"));
            m.put("family_office_organizations", familyOffice.phases().get("organizations"));
        }
        return m;
    }

    public static Map<String, Object> contactsPhases(ImportOutcome c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fetched_contacts", c.phases().get("fetched_contacts"));
        m.put("new_emails", c.planned().get(Figure.EMAILS_INSERTED));
        m.put("new_phones", c.planned().get(Figure.PHONES_INSERTED));
        m.put("new_organization_names", c.phases().get("new_organization_names"));
        m.put("new_organizations", c.planned().get(Figure.ORGANIZATIONS_INSERTED));
        m.put(Figure.EMAIL_STATUSES_UPDATED, c.actual().get(Figure.EMAIL_STATUSES_UPDATED));
        m.put("people_to_create", c.phases().get("people_to_create"));
        m.put("people_to_enrich", c.phases().get("people_to_enrich"));
        m.put(Figure.PEOPLE_INSERTED, c.actual().get(Figure.PEOPLE_INSERTED));
        m.put(Figure.PEOPLE_ENRICHED, c.actual().get(Figure.PEOPLE_ENRICHED));
        m.put(Figure.PERSON_EMAILS_INSERTED, c.actual().get(Figure.PERSON_EMAILS_INSERTED));
        m.put(Figure.PERSON_PHONES_INSERTED, c.actual().get(Figure.PERSON_PHONES_INSERTED));
        m.put(Figure.PERSON_ORGANIZATIONS_INSERTED, c.actual().get(Figure.PERSON_ORGANIZATIONS_INSERTED));
        m.put(Figure.MAPPINGS_SAVED, c.actual().get(Figure.MAPPINGS_SAVED));
        m.put("ambiguous_emails", c.phases().get("ambiguous_emails"));
        m.put("rejected_contacts", c.phases().get("rejected_contacts"));
        m.put("skipped_no_email", c.phases().get("skipped_no_email"));
        m.put("created_without_email", c.phases().get("created_without_email"));
        m.put("rejected_fields", c.phases().get("rejected_fields"));
        m.put("repaired_fields", c.phases().get("repaired_fields"));
        return m;
    }

    /** The organization review's figures: candidate pairs, proposed ones, and precision/recall against a truth file. */
    public static Map<String, Object> organizations(OrgCandidatesJob.Outcome orgs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate_pairs", orgs.candidates());
        m.put("proposed", orgs.proposed());
        if (orgs.precision() != null) {
            m.put("precision", Math.round(orgs.precision() * 1000) / 1000.0);
            m.put("recall", Math.round(orgs.recall() * 1000) / 1000.0);
        }
        return m;
    }

    public static Map<String, Object> tableCounts(Map<String, Long> counts) {
        return new LinkedHashMap<>(counts);
    }
}
