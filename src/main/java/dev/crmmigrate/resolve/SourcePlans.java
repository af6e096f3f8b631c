package dev.crmmigrate.resolve;

import static dev.crmmigrate.normalize.NormalizeColumns.e164;
import static dev.crmmigrate.normalize.NormalizeColumns.email;
import static dev.crmmigrate.normalize.NormalizeColumns.emailInvalidReason;
import static dev.crmmigrate.normalize.NormalizeColumns.orgExactKey;
import static dev.crmmigrate.normalize.NormalizeColumns.phoneInvalidReason;
import static dev.crmmigrate.normalize.NormalizeColumns.trimmed;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.normalize.FieldLimit;
import dev.crmmigrate.normalize.NormalizeColumns;
import dev.crmmigrate.normalize.PersonNames;
import dev.crmmigrate.source.Rejects;
import dev.crmmigrate.stage.CrmSources;
import dev.crmmigrate.stage.StagedTable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The QOZB and Family Office imports as pure Dataset functions: parsed export rows in, the staged CRM rows out.
 * People of these sources are keyed by the source's own record id (one person per QOZB contact / Family Office
 * record); organizations by the case-insensitive exact name; emails and phones by their normalized value.
 */
public final class SourcePlans {
    private SourcePlans() {}
    /** Staged rows, field rejects and field repairs of one source import. */
    public record Plan(Map<StagedTable, Dataset<Row>> tables, Dataset<Row> rejects, Dataset<Row> repairs) {}

    /** Columns of the QOZB property export. */
    public static final String[] QOZB = {
        "property_id",
        "property_name",
        "address",
        "city",
        "state",
        "zip",
        "owner_organization",
        "contact_id",
        "contact_name",
        "contact_title",
        "contact_email",
        "contact_phone_1",
        "contact_phone_2",
        "property_phone"
    };
    /** Columns of the Family Office export. */
    public static final String[] FAMILY_OFFICE = {
        "record_id",
        "firm",
        "firm_type",
        "contact_name",
        "title",
        "email",
        "phone",
        "linkedin_url",
        "location",
        "aum_usd_m"
    };

    /** The text fields of the QOZB export and their limits. */
    static final Map<String, FieldLimit> QOZB_FIELDS = limits(
            QOZB,
            Map.of(
                    "property_id",
                    FieldLimit.RECORD_ID,
                    "owner_organization",
                    FieldLimit.ORGANIZATION,
                    "contact_id",
                    FieldLimit.RECORD_ID,
                    "contact_name",
                    FieldLimit.PERSON_NAME,
                    "contact_title",
                    FieldLimit.TITLE,
                    "contact_email",
                    FieldLimit.EMAIL,
                    "contact_phone_1",
                    FieldLimit.PHONE,
                    "contact_phone_2",
                    FieldLimit.PHONE,
                    "property_phone",
                    FieldLimit.PHONE));
    /** The text fields of the Family Office export and their limits. */
    static final Map<String, FieldLimit> FAMILY_OFFICE_FIELDS = limits(
            FAMILY_OFFICE,
            Map.of(
                    "record_id",
                    FieldLimit.RECORD_ID,
                    "firm",
                    FieldLimit.ORGANIZATION,
                    "contact_name",
                    FieldLimit.PERSON_NAME,
                    "title",
                    FieldLimit.TITLE,
                    "email",
                    FieldLimit.EMAIL,
                    "phone",
                    FieldLimit.PHONE));

    /** Every column of an export with its limit: the named ones, free text for the rest. */
    private static Map<String, FieldLimit> limits(String[] columns, Map<String, FieldLimit> named) {
        Map<String, FieldLimit> out = new LinkedHashMap<>();
        for (String c : columns) {
            out.put(c, named.getOrDefault(c, FieldLimit.TEXT));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The column of a normalized stage that holds why a phone field is not a valid number, or null. */
    static String phoneReason(String field) {
        return field + "_invalid";
    }

    /**
     * The QOZB export sanitized and normalized, every expensive value (phone parsing, organization keys, field
     * limits) computed once: the import stages this, and every table of {@link #qozb(Dataset, String)} reads it.
     */
    public static Dataset<Row> normalizeQozb(Dataset<Row> rows, String region) {
        return NormalizeColumns.sanitize(rows, QOZB_FIELDS)
                .withColumn("person_id", Ids.of("person:qozb:", trimmed(col("contact_id"))))
                .withColumn("email_n", email(col("contact_email")))
                .withColumn(ContactColumns.EMAIL_INVALID, emailInvalidReason(col("email_n")))
                .withColumn("p1", e164(col("contact_phone_1"), region))
                .withColumn("p2", e164(col("contact_phone_2"), region))
                .withColumn("pp", e164(col("property_phone"), region))
                .withColumn("org_key", orgExactKey(col("owner_organization")))
                .withColumn("org_name", trimmed(col("owner_organization")))
                .withColumn("ext_id", trimmed(col("property_id")))
                .withColumn(phoneReason("contact_phone_1"), phoneInvalidReason(col("contact_phone_1"), region))
                .withColumn(phoneReason("contact_phone_2"), phoneInvalidReason(col("contact_phone_2"), region))
                .withColumn(phoneReason("property_phone"), phoneInvalidReason(col("property_phone"), region));
    }

    /** The QOZB import's staged rows, field rejects and repairs, from {@link #normalizeQozb}. */
    public static Plan qozb(Dataset<Row> n, String sourceName) {
        Column emailOk = when(col(ContactColumns.EMAIL_INVALID).isNull(), col("email_n"));
        Dataset<Row> rejects = Rejects.field(
                        n,
                        sourceName,
                        col("property_id"),
                        "contact_email",
                        col("contact_email"),
                        col(ContactColumns.EMAIL_INVALID))
                .unionAll(phoneRejects(n, sourceName, col("property_id"), "contact_phone_1"))
                .unionAll(phoneRejects(n, sourceName, col("property_id"), "contact_phone_2"))
                .unionAll(phoneRejects(n, sourceName, col("property_id"), "property_phone"))
                .unionAll(Rejects.fieldLimits(n, sourceName, col("property_id")))
                // A record-level reject (no field): the whole row cannot load.
                .unionAll(Rejects.field(
                        n,
                        sourceName,
                        col("property_id"),
                        null,
                        col("property_id"),
                        when(col("ext_id").isNull(), lit("property without property_id"))));
        Dataset<Row> repairs = Rejects.repairs(n, sourceName, col("property_id"));
        n = n.where(col("ext_id").isNotNull());

        Map<StagedTable, Dataset<Row>> t = new EnumMap<>(StagedTable.class);
        t.put(
                StagedTable.ORGANIZATIONS,
                organizations(
                        n.where(col("org_key").isNotNull())
                                .groupBy("org_key")
                                .agg(
                                        min_by(col("org_name"), col("ext_id")).as("name"),
                                        to_json(struct(
                                                        count(lit(1)).as("qozb_property_count"),
                                                        array_sort(collect_set(col("state")))
                                                                .as("states")))
                                                .as("details")),
                        "qozb_owner"));
        t.put(StagedTable.EMAILS, emails(n.select(emailOk.as("address"))));
        t.put(
                StagedTable.PHONES,
                phones(n.select(col("p1").as("number"))
                        .union(n.select(col("p2")))
                        .union(n.select(col("pp")))));
        Dataset<Row> people = n.where(col("person_id").isNotNull())
                .groupBy("person_id")
                .agg(
                        min_by(col("contact_name"), col("ext_id")).as("name"),
                        min_by(col("contact_id"), col("ext_id")).as("source_id"));
        t.put(
                StagedTable.PEOPLE,
                people(
                        people,
                        "qozb_contact",
                        to_json(struct(
                                lit(CrmSources.QOZB).as("import_source"),
                                col("source_id").as("qozb_contact_id")))));
        t.put(
                StagedTable.PROPERTIES,
                StagedTable.conform(
                        n.select(
                                Ids.of("property:", col("ext_id")).as("id"),
                                col("ext_id").as("external_id"),
                                trimmed(col("property_name")).as("name"),
                                trimmed(col("address")).as("address"),
                                trimmed(col("city")).as("city"),
                                trimmed(col("state")).as("state"),
                                trimmed(col("zip")).as("postal_code"),
                                col("org_key").as("owner_key"),
                                col("pp").as("phone_number"),
                                lit("{}").as("details")),
                        StagedTable.PROPERTIES));
        Dataset<Row> withPerson = n.where(col("person_id").isNotNull());
        t.put(
                StagedTable.PERSON_EMAILS,
                StagedTable.conform(
                        withPerson
                                .where(emailOk.isNotNull())
                                .select(
                                        col("person_id"),
                                        emailOk.as("address"),
                                        lit(CrmSources.QOZB).as("source"))
                                .distinct(),
                        StagedTable.PERSON_EMAILS));
        t.put(
                StagedTable.PERSON_PHONES,
                StagedTable.conform(
                        withPerson
                                .select(col("person_id"), col("p1").as("number"))
                                .union(withPerson.select(col("person_id"), col("p2")))
                                .where(col("number").isNotNull())
                                .withColumn("source", lit(CrmSources.QOZB))
                                .distinct(),
                        StagedTable.PERSON_PHONES));
        t.put(
                StagedTable.PERSON_ORGANIZATIONS,
                StagedTable.conform(
                        withPerson
                                .where(col("org_key").isNotNull())
                                .groupBy("person_id", "org_key")
                                .agg(min_by(trimmed(col("contact_title")), col("ext_id"))
                                        .as("title")),
                        StagedTable.PERSON_ORGANIZATIONS));
        return new Plan(t, rejects, repairs);
    }

    /** The Family Office export sanitized and normalized once, as {@link #normalizeQozb} does for QOZB. */
    public static Dataset<Row> normalizeFamilyOffice(Dataset<Row> rows, String region) {
        return NormalizeColumns.sanitize(rows, FAMILY_OFFICE_FIELDS)
                .withColumn("rid", trimmed(col("record_id")))
                .withColumn("person_id", Ids.of("person:fo:", col("rid")))
                .withColumn("email_n", email(col("email")))
                .withColumn(ContactColumns.EMAIL_INVALID, emailInvalidReason(col("email_n")))
                .withColumn(ContactColumns.PHONE, e164(col("phone"), region))
                .withColumn("org_key", orgExactKey(col("firm")))
                .withColumn("org_name", trimmed(col("firm")))
                .withColumn(phoneReason("phone"), phoneInvalidReason(col("phone"), region));
    }

    /** The Family Office import's staged rows, field rejects and repairs, from {@link #normalizeFamilyOffice}. */
    public static Plan familyOffice(Dataset<Row> n, String sourceName) {
        Column emailOk = when(col(ContactColumns.EMAIL_INVALID).isNull(), col("email_n"));
        Dataset<Row> rejects = Rejects.field(
                        n, sourceName, col("record_id"), "email", col("email"), col(ContactColumns.EMAIL_INVALID))
                .unionAll(phoneRejects(n, sourceName, col("record_id"), "phone"))
                .unionAll(Rejects.fieldLimits(n, sourceName, col("record_id")))
                .unionAll(Rejects.field(
                        n,
                        sourceName,
                        col("record_id"),
                        null,
                        col("record_id"),
                        when(col("rid").isNull(), lit("record without record_id"))));
        Dataset<Row> repairs = Rejects.repairs(n, sourceName, col("record_id"));
        n = n.where(col("rid").isNotNull());

        Map<StagedTable, Dataset<Row>> t = new EnumMap<>(StagedTable.class);
        t.put(
                StagedTable.ORGANIZATIONS,
                organizations(
                        n.where(col("org_key").isNotNull())
                                .groupBy("org_key")
                                .agg(
                                        min_by(col("org_name"), col("rid")).as("name"),
                                        to_json(struct(
                                                        min_by(trimmed(col("firm_type")), col("rid"))
                                                                .as("firm_type"),
                                                        min_by(trimmed(col("aum_usd_m")), col("rid"))
                                                                .as("aum_usd_m"),
                                                        count(lit(1)).as("family_office_contacts")))
                                                .as("details")),
                        CrmSources.FAMILY_OFFICE));
        t.put(StagedTable.EMAILS, emails(n.select(emailOk.as("address"))));
        t.put(StagedTable.PHONES, phones(n.select(col(ContactColumns.PHONE).as("number"))));
        Dataset<Row> people = n.groupBy("person_id")
                .agg(
                        min_by(col("contact_name"), col("rid")).as("name"),
                        min_by(col("rid"), col("rid")).as("source_id"),
                        min_by(trimmed(col("linkedin_url")), col("rid")).as("linkedin_url"),
                        min_by(trimmed(col("location")), col("rid")).as("location"));
        t.put(
                StagedTable.PEOPLE,
                people(
                        people,
                        CrmSources.FAMILY_OFFICE,
                        to_json(struct(
                                lit(CrmSources.FAMILY_OFFICE).as("import_source"),
                                col("source_id").as("family_office_record_id"),
                                col("linkedin_url"),
                                col("location")))));
        t.put(
                StagedTable.PERSON_EMAILS,
                StagedTable.conform(
                        n.where(emailOk.isNotNull())
                                .select(
                                        col("person_id"),
                                        emailOk.as("address"),
                                        lit(CrmSources.FAMILY_OFFICE).as("source"))
                                .distinct(),
                        StagedTable.PERSON_EMAILS));
        t.put(
                StagedTable.PERSON_PHONES,
                StagedTable.conform(
                        n.where(col(ContactColumns.PHONE).isNotNull())
                                .select(
                                        col("person_id"),
                                        col(ContactColumns.PHONE).as("number"),
                                        lit(CrmSources.FAMILY_OFFICE).as("source"))
                                .distinct(),
                        StagedTable.PERSON_PHONES));
        t.put(
                StagedTable.PERSON_ORGANIZATIONS,
                StagedTable.conform(
                        n.where(col("org_key").isNotNull())
                                .groupBy("person_id", "org_key")
                                .agg(min_by(trimmed(col("title")), col("rid")).as("title")),
                        StagedTable.PERSON_ORGANIZATIONS));
        return new Plan(t, rejects, repairs);
    }

    private static Dataset<Row> phoneRejects(Dataset<Row> n, String source, Column recordId, String field) {
        return Rejects.field(n, source, recordId, field, col(field), col(phoneReason(field)));
    }

    static Dataset<Row> organizations(Dataset<Row> byKey, String orgType) {
        return StagedTable.conform(
                byKey.select(
                        Ids.of("org:", col("org_key")).as("id"),
                        col("name"),
                        col("org_key").as("name_key"),
                        lit(orgType).as("org_type"),
                        col("details")),
                StagedTable.ORGANIZATIONS);
    }

    static Dataset<Row> emails(Dataset<Row> addresses) {
        return StagedTable.conform(
                addresses
                        .where(col("address").isNotNull())
                        .distinct()
                        .select(
                                Ids.of("email:", col("address")).as("id"),
                                col("address"),
                                lit("active").as("status"),
                                lit("{}").as("metadata")),
                StagedTable.EMAILS);
    }

    static Dataset<Row> phones(Dataset<Row> numbers) {
        return StagedTable.conform(
                numbers.where(col("number").isNotNull())
                        .distinct()
                        .select(Ids.of("phone:", col("number")).as("id"), col("number")),
                StagedTable.PHONES);
    }

    /** People from (person_id, name) with the name split on its first space. */
    static Dataset<Row> people(Dataset<Row> byPerson, String tag, Column details) {
        Column[] split = PersonNames.splitName(col("name"));
        return StagedTable.conform(
                byPerson.select(
                        col("person_id").as("id"),
                        split[0].as("first_name"),
                        split[1].as("last_name"),
                        array(lit(tag)).as("tags"),
                        lit(null).cast("string").as("lead_status"),
                        lit(null).cast("string").as("user_id"),
                        details.as("details"),
                        lit(null).cast("timestamp").as("created_at")),
                StagedTable.PEOPLE);
    }
}
