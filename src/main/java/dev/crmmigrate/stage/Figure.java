package dev.crmmigrate.stage;

/**
 * The names of the figures a load reports (and a plan expects): one constant each, used by the staged tables'
 * statements, the planned counts, verify, the reports, the bench and the tests. They are also keys of
 * {@code migration_runs.planned/actual} and of the acceptance figures, so a name never changes.
 */
public final class Figure {
    public static final String ORGANIZATIONS_INSERTED = "organizations_inserted";
    public static final String ORGANIZATIONS_ENRICHED = "organizations_enriched";
    public static final String EMAILS_INSERTED = "emails_inserted";
    public static final String EMAIL_STATUSES_UPDATED = "email_statuses_updated";
    public static final String PHONES_INSERTED = "phones_inserted";
    public static final String PEOPLE_INSERTED = "people_inserted";
    public static final String PEOPLE_ENRICHED = "people_enriched";
    public static final String PROPERTIES_INSERTED = "properties_inserted";
    public static final String PERSON_EMAILS_INSERTED = "person_emails_inserted";
    public static final String PERSON_PHONES_INSERTED = "person_phones_inserted";
    public static final String PERSON_ORGANIZATIONS_INSERTED = "person_organizations_inserted";
    public static final String MAPPINGS_SAVED = "mappings_saved";
    /** Planned new people whose address got a person (a signup) between the plan and the load. */
    public static final String PEOPLE_MATCHED_LATE = "people_matched_late";

    private Figure() {}
}
