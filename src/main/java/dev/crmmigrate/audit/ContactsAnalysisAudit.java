package dev.crmmigrate.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.resolve.ContactColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The field report's {@code audit_contacts_for_crm_migration.py}: the legacy contacts compared with the CRM, every
 * metric of the report's table, from the same normalized contacts the import uses.
 */
public final class ContactsAnalysisAudit {
    public static final String NAME = "contacts_analysis";

    private ContactsAnalysisAudit() {}

    /**
     * One row per contact with its match flags against the CRM.
     *
     * @param normalized contacts from {@link dev.crmmigrate.resolve.ContactsResolver#normalize}
     */
    public static Dataset<Row> rows(
            Dataset<Row> normalized, Dataset<Row> crmEmails, Dataset<Row> crmPhones, Dataset<Row> crmOrgs) {
        Dataset<Row> e = crmEmails.select(col("address").as("e_addr")).distinct();
        Dataset<Row> p = crmPhones.select(col("number").as("p_num")).distinct();
        Dataset<Row> o = crmOrgs.select(col("name_key").as("o_key")).distinct();
        return normalized
                .join(e, normalized.col(ContactColumns.EMAIL).equalTo(e.col("e_addr")), "left")
                .join(p, normalized.col(ContactColumns.PHONE).equalTo(p.col("p_num")), "left")
                .join(o, normalized.col(ContactColumns.COMPANY_KEY).equalTo(o.col("o_key")), "left")
                .select(
                        col("id").as("contact_id"),
                        col(ContactColumns.EMAIL).as("address"),
                        col(ContactColumns.EMAIL_RANK),
                        col(ContactColumns.PHONE),
                        col(ContactColumns.COMPANY_KEY),
                        col(ContactColumns.COMPANY_NAME),
                        col("e_addr").isNotNull().as("email_in_crm"),
                        col("p_num").isNotNull().as("phone_in_crm"),
                        col("o_key").isNotNull().as("company_in_crm"),
                        present(col("name")).as("has_name"),
                        present(col("role")).as("has_role"),
                        present(col("location")).as("has_location"),
                        col("user_id").isNotNull().as("has_user_id"),
                        col("globally_bounced"),
                        col("globally_unsubscribed"));
    }

    private static Column present(Column c) {
        return c.isNotNull().and(trim(c).notEqual(lit("")));
    }

    /** One metric of the audit: its name and its aggregate over the audit's rows, declared together. */
    record Spec(String name, Column aggregate) {
        static Spec count(String name, Column condition) {
            return new Spec(name, sum(when(condition, 1).otherwise(0)));
        }

        static Spec distinct(String name, Column condition, Column value) {
            return new Spec(name, countDistinct(when(condition, value)));
        }
    }

    private static final Column PHONE = col(ContactColumns.PHONE);
    private static final Column COMPANY = col(ContactColumns.COMPANY_KEY);

    /** The metrics, in the order the report lists them (as Deequ's analyzers: each a name and its aggregate). */
    static final List<Spec> SPECS = List.of(
            new Spec("total_contacts", count(lit(1))),
            Spec.distinct("email_match", col("email_in_crm"), col("address")),
            Spec.distinct("email_new", not(col("email_in_crm")), col("address")),
            Spec.count("phone_match", PHONE.isNotNull().and(col("phone_in_crm"))),
            Spec.count("phone_new", PHONE.isNotNull().and(not(col("phone_in_crm")))),
            Spec.count("company_match_exact", COMPANY.isNotNull().and(col("company_in_crm"))),
            Spec.distinct(
                    "company_new_unique",
                    COMPANY.isNotNull().and(not(col("company_in_crm"))),
                    col(ContactColumns.COMPANY_NAME)),
            Spec.count("has_name", col("has_name")),
            Spec.count("has_role", col("has_role")),
            Spec.count("has_location", col("has_location")),
            Spec.count("has_user_id", col("has_user_id")),
            Spec.count("globally_bounced", col("globally_bounced")),
            Spec.count("globally_unsubscribed", col("globally_unsubscribed")),
            Spec.count("duplicate_emails", col(ContactColumns.EMAIL_RANK).gt(1)),
            Spec.distinct("phone_new_distinct", PHONE.isNotNull().and(not(col("phone_in_crm"))), PHONE));

    public static AuditResult run(
            Dataset<Row> normalized, Dataset<Row> crmEmails, Dataset<Row> crmPhones, Dataset<Row> crmOrgs) {
        Dataset<Row> r = rows(normalized, crmEmails, crmPhones, crmOrgs);
        Column[] aggregates =
                SPECS.stream().map(spec -> spec.aggregate().as(spec.name())).toArray(Column[]::new);
        Row a = r.agg(aggregates[0], Arrays.copyOfRange(aggregates, 1, aggregates.length))
                .first();
        List<Metric> m = new ArrayList<>();
        for (Spec spec : SPECS) {
            int i = a.fieldIndex(spec.name());
            m.add(Metric.total(NAME, spec.name(), a.isNullAt(i) ? 0 : a.getLong(i)));
        }
        Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
        rows.put("contacts_analysis_rows", r);
        return new AuditResult(NAME, m, rows);
    }
}
