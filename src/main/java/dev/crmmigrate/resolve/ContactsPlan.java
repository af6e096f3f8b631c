package dev.crmmigrate.resolve;

import static dev.crmmigrate.normalize.NormalizeColumns.trimmed;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.normalize.PersonNames;
import dev.crmmigrate.stage.StagedTable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Phases 5-8 of the contacts import as pure Dataset → Dataset steps: from the resolved contacts, each CRM table's rows
 * (emails, phones, organizations, new people, enrichment of existing ones, the junctions and the contact → person
 * mapping), judged against the CRM so that only what changes it is planned.
 */
public final class ContactsPlan {
    /** The CRM tables the contacts import plans and loads (phases 3-8). */
    public static final Set<StagedTable> TABLES = Collections.unmodifiableSet(EnumSet.of(
            StagedTable.EMAILS,
            StagedTable.PHONES,
            StagedTable.ORGANIZATIONS,
            StagedTable.PEOPLE,
            StagedTable.PERSON_ENRICHMENT,
            StagedTable.PERSON_EMAILS,
            StagedTable.PERSON_PHONES,
            StagedTable.PERSON_ORGANIZATIONS,
            StagedTable.CONTACT_MAP));

    private ContactsPlan() {}

    /**
     * Phases 5-8 from the resolved contacts: each CRM table's rows, marked against the CRM so that only what changes
     * it is staged (a re-run stages, and so loads, nothing for what the first run wrote).
     */
    public static Map<StagedTable, Dataset<Row>> of(
            Dataset<Row> contacts, CrmSnapshot crm, List<String> scale, boolean createWithoutEmail) {
        // A skipped contact leaves nothing behind: organizations and phones come only from the contacts that migrate.
        Dataset<Row> migrating = ContactsResolver.migrating(contacts, createWithoutEmail);
        Dataset<Row> withPerson = contacts.where(col("person_id").isNotNull());
        Map<StagedTable, Dataset<Row>> plan = new EnumMap<>(StagedTable.class);
        plan.put(StagedTable.EMAILS, emails(contacts));
        plan.put(StagedTable.PHONES, phones(migrating));
        plan.put(StagedTable.ORGANIZATIONS, organizations(migrating));
        plan.put(StagedTable.PEOPLE, newPeople(withPerson));
        plan.put(StagedTable.PERSON_ENRICHMENT, enrichment(withPerson));
        plan.put(StagedTable.PERSON_EMAILS, personEmails(withPerson));
        plan.put(StagedTable.PERSON_PHONES, personPhones(withPerson));
        plan.put(StagedTable.PERSON_ORGANIZATIONS, personOrganizations(withPerson));
        plan.put(StagedTable.CONTACT_MAP, mapping(withPerson));
        plan.replaceAll((t, ds) -> Changes.marked(t, ds, crm, scale));
        return plan;
    }

    /**
     * Phase 3: emails with their sticky status (bounced &gt; suppressed &gt; active) from every contact that has them.
     */
    public static Dataset<Row> emails(Dataset<Row> normalized) {
        Column flagged = col("globally_bounced").or(col("globally_unsubscribed"));
        Column order = struct(col("created_at"), col("id"));
        return StagedTable.conform(
                normalized
                        .where(col(ContactColumns.EMAIL).isNotNull())
                        .groupBy(ContactColumns.EMAIL)
                        .agg(
                                max(col("globally_bounced").cast("int")).as("b"),
                                max(col("globally_unsubscribed").cast("int")).as("u"),
                                min_by(when(flagged, col("suppression_reason")), when(flagged, order))
                                        .as("reason"),
                                min_by(when(flagged, col("suppression_date")), when(flagged, order))
                                        .as("since"))
                        .select(
                                Ids.of("email:", col(ContactColumns.EMAIL)).as("id"),
                                col(ContactColumns.EMAIL).as("address"),
                                when(col("b").equalTo(1), lit("bounced"))
                                        .when(col("u").equalTo(1), lit("suppressed"))
                                        .otherwise(lit("active"))
                                        .as("status"),
                                when(
                                                col("reason")
                                                        .isNotNull()
                                                        .or(col("since").isNotNull()),
                                                to_json(struct(
                                                        col("reason").as("suppression_reason"),
                                                        col("since")
                                                                .cast("string")
                                                                .as("suppression_date"))))
                                        .otherwise(lit("{}"))
                                        .as("metadata")),
                StagedTable.EMAILS);
    }

    /** Phones of the contacts that migrate ({@link #withPerson}): a skipped contact leaves none behind. */
    public static Dataset<Row> phones(Dataset<Row> contacts) {
        return SourcePlans.phones(contacts.select(col(ContactColumns.PHONE).as("number")));
    }

    /**
     * New organizations' names: the trimmed spelling of the earliest contact, per case-insensitive key, from the
     * contacts that migrate ({@link #withPerson}): a skipped contact leaves no organization without people.
     */
    public static Dataset<Row> organizations(Dataset<Row> normalized) {
        return SourcePlans.organizations(
                normalized
                        .where(col(ContactColumns.COMPANY_KEY).isNotNull())
                        .groupBy(ContactColumns.COMPANY_KEY)
                        .agg(min_by(col(ContactColumns.COMPANY_NAME), struct(col("created_at"), col("id")))
                                .as("name"))
                        .select(
                                col(ContactColumns.COMPANY_KEY).as("org_key"),
                                col("name"),
                                lit("{}").as("details")),
                "company");
    }

    /** Distinct trimmed company strings that are not organizations yet (before case folding). */
    public static Dataset<Row> newCompanyNames(Dataset<Row> normalized, Dataset<Row> crmOrgs) {
        Dataset<Row> names = normalized
                .where(col(ContactColumns.COMPANY_KEY).isNotNull())
                .select(ContactColumns.COMPANY_NAME, ContactColumns.COMPANY_KEY)
                .distinct();
        return names.join(crmOrgs, names.col(ContactColumns.COMPANY_KEY).equalTo(crmOrgs.col("name_key")), "left_anti");
    }

    /** Per person, the merged contact attributes: tags union, highest lead status, first user id. */
    private static Dataset<Row> perPerson(Dataset<Row> contacts) {
        Column order = struct(col("created_at"), col("id"));
        return contacts.groupBy("person_id")
                .agg(
                        array_sort(array_distinct(flatten(collect_list(col("types")))))
                                .as("tags"),
                        max_by(col("lead_status"), col("lead_rank")).as("lead_status"),
                        max(col("lead_rank")).as("lead_rank"),
                        min_by(col("user_id"), when(col("user_id").isNotNull(), order))
                                .as("user_id"),
                        first(col("existing")).as("existing"));
    }

    /** Phase 5: the people to create, from the first contact of each new email. */
    public static Dataset<Row> newPeople(Dataset<Row> contacts) {
        Dataset<Row> merged = perPerson(contacts.where(col("existing").equalTo(false)));
        Dataset<Row> winners = contacts.where(col("existing")
                        .equalTo(false)
                        .and(col(ContactColumns.EMAIL_RANK).equalTo(1)))
                .select("person_id", ContactColumns.EMAIL, "name", "source", "location", "details", "created_at");
        Column[] name = PersonNames.splitName(col("name"));
        Column details = to_json(struct(
                lit(ContactsResolver.SOURCE).as("import_source"),
                col("source").as("legacy_source"),
                coalesce(trimmed(col("location")), get_json_object(col("details"), "$.location"))
                        .as("location"),
                get_json_object(col("details"), "$.webinar").as("webinar"),
                // A date of birth a contact carries (kept for the people duplicate candidates); absent, no key.
                get_json_object(col("details"), "$.dob").as("dob"),
                when(col(ContactColumns.EMAIL).isNull(), lit(true)).as(ContactsResolver.WITHOUT_EMAIL)));
        return StagedTable.conform(
                winners.join(merged.drop("existing"), "person_id")
                        .select(
                                col("person_id").as("id"),
                                name[0].as("first_name"),
                                name[1].as("last_name"),
                                col("tags"),
                                when(col("lead_rank").gt(0), col("lead_status")).as("lead_status"),
                                col("user_id").cast("string").as("user_id"),
                                details.as("details"),
                                col("created_at")),
                StagedTable.PEOPLE);
    }

    /** Phase 6: what the contacts add to people already in the CRM (the database merges it with what they hold). */
    public static Dataset<Row> enrichment(Dataset<Row> contacts) {
        return StagedTable.conform(
                perPerson(contacts.where(col("existing")))
                        .select(
                                col("person_id"),
                                col("tags"),
                                when(col("lead_rank").gt(0), col("lead_status")).as("lead_status"),
                                col("user_id").cast("string").as("user_id")),
                StagedTable.PERSON_ENRICHMENT);
    }

    /** Phase 7: junction rows. */
    public static Dataset<Row> personEmails(Dataset<Row> contacts) {
        return StagedTable.conform(
                contacts.where(col("existing")
                                .equalTo(false)
                                .and(col(ContactColumns.EMAIL_RANK).equalTo(1))
                                .and(col(ContactColumns.EMAIL).isNotNull()))
                        .select(
                                col("person_id"),
                                col(ContactColumns.EMAIL).as("address"),
                                lit(ContactsResolver.SOURCE).as("source")),
                StagedTable.PERSON_EMAILS);
    }

    public static Dataset<Row> personPhones(Dataset<Row> contacts) {
        return StagedTable.conform(
                contacts.where(col(ContactColumns.PHONE).isNotNull())
                        .select(col("person_id"), col(ContactColumns.PHONE).as("number"))
                        .distinct()
                        .withColumn("source", lit(ContactsResolver.SOURCE)),
                StagedTable.PERSON_PHONES);
    }

    public static Dataset<Row> personOrganizations(Dataset<Row> contacts) {
        return StagedTable.conform(
                contacts.where(col(ContactColumns.COMPANY_KEY).isNotNull())
                        .groupBy("person_id", ContactColumns.COMPANY_KEY)
                        .agg(min_by(
                                        col("role_t"),
                                        when(col("role_t").isNotNull(), struct(col("created_at"), col("id"))))
                                .as("title"))
                        .select(
                                col("person_id"),
                                col(ContactColumns.COMPANY_KEY).as("org_key"),
                                col("title")),
                StagedTable.PERSON_ORGANIZATIONS);
    }

    /**
     * Phase 8: contact → person for every contact that migrates; later duplicates map to the first one's person, a
     * contact created without email to its own (no address).
     */
    public static Dataset<Row> mapping(Dataset<Row> contacts) {
        return StagedTable.conform(
                contacts.select(
                        col("id").as("contact_id"),
                        col("person_id"),
                        col(ContactColumns.EMAIL).as("address"),
                        col("user_id").cast("string").as("user_id"),
                        col(ContactColumns.EMAIL_RANK).equalTo(1).as("is_first")),
                StagedTable.CONTACT_MAP);
    }
}
