package dev.crmmigrate.resolve;

import static dev.crmmigrate.normalize.NormalizeColumns.e164;
import static dev.crmmigrate.normalize.NormalizeColumns.email;
import static dev.crmmigrate.normalize.NormalizeColumns.emailInvalidReason;
import static dev.crmmigrate.normalize.NormalizeColumns.orgExactKey;
import static dev.crmmigrate.normalize.NormalizeColumns.phoneInvalidReason;
import static dev.crmmigrate.normalize.NormalizeColumns.trimmed;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.normalize.FieldLimit;
import dev.crmmigrate.normalize.NormalizeColumns;
import dev.crmmigrate.source.Rejects;
import dev.crmmigrate.spark.SparkCols;
import dev.crmmigrate.stage.Figure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The legacy contacts import as pure Dataset → Dataset steps, one per phase of the field report. The rules:
 * email = same person (normalized); first-wins among contacts with the same email (earliest created_at, then lowest
 * id); a contact whose email is in the CRM enriches the person linked to it (the earliest-created person when several
 * share the address, reported as ambiguous), otherwise a new person is created with an id derived from the email.
 */
public final class ContactsResolver {
    /** The rule recorded (staged table {@code without_email}) for a contact without a usable email that is skipped. */
    public static final String SKIPPED_WITHOUT_EMAIL = "not migrated: no email";
    /** The rule recorded for a contact without a usable email that becomes a person of its own. */
    public static final String CREATED_WITHOUT_EMAIL = "created without email";

    /** Source value of junction rows written by this import. */
    public static final String SOURCE = "legacy_contacts";
    /** The key in a person's details that marks one created from a contact without email. */
    public static final String WITHOUT_EMAIL = "created_without_email";

    private final String region;
    private final List<String> leadScale;

    public ContactsResolver(String phoneRegion, List<String> leadStatusScale) {
        this.region = phoneRegion;
        this.leadScale = List.copyOf(leadStatusScale);
    }

    /**
     * The legacy contacts' text fields and their limits (contact_types and details come from PostgreSQL arrays/jsonb).
     */
    public static final Map<String, FieldLimit> FIELDS = fields();

    private static Map<String, FieldLimit> fields() {
        Map<String, FieldLimit> f = new LinkedHashMap<>();
        f.put("email", FieldLimit.EMAIL);
        f.put("name", FieldLimit.PERSON_NAME);
        f.put("company", FieldLimit.ORGANIZATION);
        f.put("role", FieldLimit.TITLE);
        f.put("phone_number", FieldLimit.PHONE);
        f.put("location", FieldLimit.TEXT);
        f.put("source", FieldLimit.TEXT);
        f.put("lead_status", FieldLimit.TEXT);
        f.put("suppression_reason", FieldLimit.TEXT);
        return Collections.unmodifiableMap(f);
    }

    /**
     * Phase 2a: every text field sanitized and held to its limit, normalized keys and the first-wins rank of every
     * contact with an email.
     */
    public Dataset<Row> normalize(Dataset<Row> contacts) {
        WindowSpec byEmail = Window.partitionBy(ContactColumns.EMAIL)
                .orderBy(col("created_at").asc_nulls_last(), col("id").asc());
        Dataset<Row> n = NormalizeColumns.sanitize(
                        contacts.withColumn("id", col("id").cast("string")), FIELDS)
                .withColumn(ContactColumns.EMAIL, email(col("email")))
                .withColumn(ContactColumns.EMAIL_INVALID, emailInvalidReason(col(ContactColumns.EMAIL)))
                .withColumn(
                        ContactColumns.EMAIL,
                        when(col(ContactColumns.EMAIL_INVALID).isNull(), col(ContactColumns.EMAIL)))
                .withColumn(ContactColumns.PHONE, e164(col("phone_number"), region))
                .withColumn(ContactColumns.PHONE_INVALID, phoneInvalidReason(col("phone_number"), region))
                .withColumn(ContactColumns.COMPANY_KEY, orgExactKey(col("company")))
                .withColumn(ContactColumns.COMPANY_NAME, trimmed(col("company")))
                .withColumn("role_t", trimmed(col("role")))
                .withColumn("types", coalesce(col("contact_types"), SparkCols.strings()))
                .withColumn(
                        "lead_rank",
                        coalesce(
                                array_position(SparkCols.strings(leadScale.toArray(String[]::new)), col("lead_status")),
                                lit(0L)));
        return n.withColumn(
                ContactColumns.EMAIL_RANK,
                when(col(ContactColumns.EMAIL).isNotNull(), row_number().over(byEmail)));
    }

    /**
     * Fields that cannot migrate: an email that is not valid, a phone that is not, a value over its limit. The contact
     * itself is never rejected here: without a usable email it falls under {@code rules.contacts_without_email}.
     */
    public static Dataset<Row> rejects(Dataset<Row> normalized) {
        return Rejects.field(
                        normalized, "contacts", col("id"), "email", col("email"), col(ContactColumns.EMAIL_INVALID))
                .unionAll(Rejects.field(
                        normalized,
                        "contacts",
                        col("id"),
                        "phone_number",
                        col("phone_number"),
                        col(ContactColumns.PHONE_INVALID)))
                .unionAll(Rejects.fieldLimits(normalized, "contacts", col("id")));
    }

    /** Fields repaired on the way in (control characters removed), in the shape of rejects. */
    public static Dataset<Row> repairs(Dataset<Row> normalized) {
        return Rejects.repairs(normalized, "contacts", col("id"));
    }

    /** Contacts without a usable email: skipped or created as people of their own, as the rule says. */
    public static Dataset<Row> withoutEmail(Dataset<Row> normalized) {
        return normalized.where(col(ContactColumns.EMAIL).isNull());
    }

    /**
     * Phase 4: one row per distinct contact email: the person it resolves to, whether that person exists, and how
     * many CRM people share the address.
     *
     * @param personEmails the CRM's (person_id, address, person_created_at)
     */
    public static Dataset<Row> resolve(Dataset<Row> normalized, Dataset<Row> personEmails) {
        Dataset<Row> winners = personEmails
                .groupBy(col("address"))
                .agg(
                        min_by(col("person_id"), struct(col("person_created_at"), col("person_id")))
                                .as("existing_person"),
                        count(lit(1)).as("candidates"));
        Dataset<Row> emails = normalized
                .where(col(ContactColumns.EMAIL).isNotNull())
                .select(ContactColumns.EMAIL)
                .distinct();
        return emails.join(winners, emails.col(ContactColumns.EMAIL).equalTo(winners.col("address")), "left")
                .select(
                        col(ContactColumns.EMAIL),
                        coalesce(col("existing_person"), Ids.of("person:email:", col(ContactColumns.EMAIL)))
                                .as("person_id"),
                        col("existing_person").isNotNull().as("existing"),
                        coalesce(col("candidates"), lit(0L)).as("candidates"));
    }

    /** Per contact: its rank among the contacts of its person (1 = the earliest), for counting people once. */
    public static final String PERSON_RANK = "person_rank";
    /** True on one contact per new company string (name as written, key) among the contacts that migrate. */
    public static final String NEW_COMPANY_NAME = "new_company_name";

    /**
     * Phases 1-4 as one staged table: every contact, normalized, with the person it resolves to ({@code person_id},
     * {@code existing}, {@code candidates}; null for a contact the rule skips) and the flags its figures are counted by
     * ({@link #figures}). Phases 5-8 derive everything from it.
     *
     * @param personEmails the CRM's (person_id, address, person_created_at)
     * @param crmOrganizations the CRM's organizations (name_key)
     */
    public static Dataset<Row> resolved(
            Dataset<Row> normalized,
            Dataset<Row> personEmails,
            Dataset<Row> crmOrganizations,
            boolean createWithoutEmail) {
        Dataset<Row> resolution = resolve(normalized, personEmails);
        Dataset<Row> joined = normalized.join(resolution, ContactColumns.EMAIL, "left");
        Column noEmail = col(ContactColumns.EMAIL).isNull();
        Column alone = lit(createWithoutEmail).and(noEmail);
        Dataset<Row> withPerson = joined.withColumn(
                        "person_id",
                        when(alone, Ids.of("person:contact:", col("id"))).otherwise(col("person_id")))
                .withColumn("existing", when(alone, lit(false)).otherwise(col("existing")))
                .withColumn("candidates", when(alone, lit(0L)).otherwise(col("candidates")))
                .withColumn(ContactColumns.EMAIL_RANK, when(alone, lit(1)).otherwise(col(ContactColumns.EMAIL_RANK)));
        Column order = struct(col("created_at"), col("id"));
        Column migrates = col("person_id").isNotNull();
        Dataset<Row> orgKeys = crmOrganizations.select(col("name_key").as("_crm_org_key"));
        return withPerson
                .withColumn(
                        PERSON_RANK,
                        when(
                                migrates,
                                row_number()
                                        .over(Window.partitionBy("person_id").orderBy(order.asc()))))
                .join(orgKeys, col(ContactColumns.COMPANY_KEY).equalTo(col("_crm_org_key")), "left")
                .withColumn(
                        NEW_COMPANY_NAME,
                        migrates.and(col(ContactColumns.COMPANY_KEY).isNotNull())
                                .and(col("_crm_org_key").isNull())
                                .and(row_number()
                                        .over(Window.partitionBy(
                                                        col(ContactColumns.COMPANY_NAME),
                                                        col(ContactColumns.COMPANY_KEY),
                                                        migrates)
                                                .orderBy(order.asc()))
                                        .equalTo(1)))
                .drop("_crm_org_key");
    }

    /**
     * The figures of phases 1-4, as aggregates over {@link #resolved}'s rows: observed while it is staged, so they
     * cost no job of their own.
     */
    public static Map<String, Column> figures(boolean createWithoutEmail) {
        Column noEmail = col(ContactColumns.EMAIL).isNull();
        Column firstOfEmail = col(ContactColumns.EMAIL)
                .isNotNull()
                .and(col(ContactColumns.EMAIL_RANK).equalTo(1));
        Column issues = coalesce(col(NormalizeColumns.FIELD_ISSUES), array());
        Map<String, Column> m = new LinkedHashMap<>();
        m.put(Figure.FETCHED_CONTACTS, count(lit(1)));
        m.put(NO_EMAIL, flagged(noEmail));
        m.put(
                Figure.PEOPLE_TO_CREATE,
                flagged(firstOfEmail
                        .and(col("existing").equalTo(false))
                        .or(lit(createWithoutEmail).and(noEmail))));
        m.put(
                Figure.PEOPLE_TO_ENRICH,
                flagged(col("existing").and(col(PERSON_RANK).equalTo(1))));
        m.put(
                Figure.AMBIGUOUS_EMAILS,
                flagged(firstOfEmail.and(col("candidates").gt(1))));
        m.put(Figure.NEW_ORGANIZATION_NAMES, flagged(col(NEW_COMPANY_NAME)));
        m.put(
                Figure.REJECTED_FIELDS,
                sum(when(col(ContactColumns.EMAIL_INVALID).isNotNull(), 1L)
                        .otherwise(0L)
                        .plus(when(col(ContactColumns.PHONE_INVALID).isNotNull(), 1L)
                                .otherwise(0L))
                        .plus(size(filter(issues, i -> i.getField("reason").isNotNull())))));
        m.put(
                Figure.REPAIRED_FIELDS,
                sum(size(filter(issues, i -> i.getField("repair").isNotNull()))));
        return m;
    }

    /** The figure name of the contacts without a usable email (skipped or created, as the rule says). */
    public static final String NO_EMAIL = "no_email";

    private static Column flagged(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    /** The contacts that migrate: those with a usable email, and with {@code createWithoutEmail} all of them. */
    public static Dataset<Row> migrating(Dataset<Row> normalized, boolean createWithoutEmail) {
        return createWithoutEmail
                ? normalized
                : normalized.where(col(ContactColumns.EMAIL).isNotNull());
    }

    /**
     * Contacts with their resolved person: every contact with an email, and with {@code createWithoutEmail} every
     * contact without one as a new person of its own, its id derived from the contact id (so a re-run mints nothing).
     */
    public static Dataset<Row> withPerson(
            Dataset<Row> normalized, Dataset<Row> resolution, boolean createWithoutEmail) {
        Dataset<Row> withEmail =
                normalized.where(col(ContactColumns.EMAIL).isNotNull()).join(resolution, ContactColumns.EMAIL);
        if (!createWithoutEmail) {
            return withEmail;
        }
        Dataset<Row> alone = withoutEmail(normalized)
                .withColumn("person_id", Ids.of("person:contact:", col("id")))
                .withColumn("existing", lit(false))
                .withColumn("candidates", lit(0L))
                .withColumn(ContactColumns.EMAIL_RANK, lit(1));
        return withEmail.unionByName(alone);
    }
}
