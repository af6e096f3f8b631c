package dev.crmmigrate.job;

import dev.crmmigrate.stage.Figure;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps job outcomes to the sections and keys of the field report (and of the acceptance figures). */
public final class Figures {
    private Figures() {}

    public static Map<String, Object> sourceImports(ImportOutcome qozb, ImportOutcome familyOffice) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (qozb != null) {
            m.put("qozb_people", qozb.phases().get(Figure.SOURCE_PEOPLE));
            m.put("qozb_organizations", qozb.phases().get(Figure.SOURCE_ORGANIZATIONS));
            m.put("qozb_properties", qozb.phases().get(Figure.SOURCE_PROPERTIES));
        }
        if (familyOffice != null) {
            m.put("family_office_people", familyOffice.phases().get(Figure.SOURCE_PEOPLE));
            m.put("family_office_organizations", familyOffice.phases().get(Figure.SOURCE_ORGANIZATIONS));
        }
        return m;
    }

    public static Map<String, Object> contactsPhases(ImportOutcome c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(Figure.FETCHED_CONTACTS, c.phases().get(Figure.FETCHED_CONTACTS));
        m.put(Figure.NEW_EMAILS, c.planned().get(Figure.EMAILS_INSERTED));
        m.put(Figure.NEW_PHONES, c.planned().get(Figure.PHONES_INSERTED));
        m.put(Figure.NEW_ORGANIZATION_NAMES, c.phases().get(Figure.NEW_ORGANIZATION_NAMES));
        m.put(Figure.NEW_ORGANIZATIONS, c.planned().get(Figure.ORGANIZATIONS_INSERTED));
        m.put(Figure.EMAIL_STATUSES_UPDATED, c.actual().get(Figure.EMAIL_STATUSES_UPDATED));
        m.put(Figure.PEOPLE_TO_CREATE, c.phases().get(Figure.PEOPLE_TO_CREATE));
        m.put(Figure.PEOPLE_TO_ENRICH, c.phases().get(Figure.PEOPLE_TO_ENRICH));
        m.put(Figure.PEOPLE_INSERTED, c.actual().get(Figure.PEOPLE_INSERTED));
        m.put(Figure.PEOPLE_ENRICHED, c.actual().get(Figure.PEOPLE_ENRICHED));
        m.put(Figure.PERSON_EMAILS_INSERTED, c.actual().get(Figure.PERSON_EMAILS_INSERTED));
        m.put(Figure.PERSON_PHONES_INSERTED, c.actual().get(Figure.PERSON_PHONES_INSERTED));
        m.put(Figure.PERSON_ORGANIZATIONS_INSERTED, c.actual().get(Figure.PERSON_ORGANIZATIONS_INSERTED));
        m.put(Figure.MAPPINGS_SAVED, c.actual().get(Figure.MAPPINGS_SAVED));
        m.put(Figure.AMBIGUOUS_EMAILS, c.phases().get(Figure.AMBIGUOUS_EMAILS));
        m.put(Figure.REJECTED_CONTACTS, c.phases().get(Figure.REJECTED_CONTACTS));
        m.put(Figure.SKIPPED_NO_EMAIL, c.phases().get(Figure.SKIPPED_NO_EMAIL));
        m.put(Figure.CREATED_WITHOUT_EMAIL, c.phases().get(Figure.CREATED_WITHOUT_EMAIL));
        m.put(Figure.REJECTED_FIELDS, c.phases().get(Figure.REJECTED_FIELDS));
        m.put(Figure.REPAIRED_FIELDS, c.phases().get(Figure.REPAIRED_FIELDS));
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
