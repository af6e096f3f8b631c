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

    // The contacts import's phase figures (the field report's contacts_import_phases, and what it had no row for).
    public static final String FETCHED_CONTACTS = "fetched_contacts";
    public static final String NEW_EMAILS = "new_emails";
    public static final String NEW_PHONES = "new_phones";
    /** Distinct new company strings; fewer organizations when names differ only by letter case. */
    public static final String NEW_ORGANIZATION_NAMES = "new_organization_names";

    public static final String NEW_ORGANIZATIONS = "new_organizations";
    public static final String PEOPLE_TO_CREATE = "people_to_create";
    public static final String PEOPLE_TO_ENRICH = "people_to_enrich";
    /** Addresses shared by more than one CRM person (the earliest-created one is matched). */
    public static final String AMBIGUOUS_EMAILS = "ambiguous_emails";

    public static final String REJECTED_CONTACTS = "rejected_contacts";
    public static final String SKIPPED_NO_EMAIL = "skipped_no_email";
    public static final String CREATED_WITHOUT_EMAIL = "created_without_email";
    public static final String REJECTED_FIELDS = "rejected_fields";
    public static final String REPAIRED_FIELDS = "repaired_fields";

    // A source import's (QOZB, Family Office) phase figures.
    public static final String RECORDS_READ = "records_read";
    public static final String SOURCE_PEOPLE = "people";
    public static final String SOURCE_ORGANIZATIONS = "organizations";
    public static final String SOURCE_PROPERTIES = "properties";
    public static final String REJECTS = "rejects";

    private Figure() {}
}
