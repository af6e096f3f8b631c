package dev.crmmigrate.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.resolve.ContactColumns;
import java.util.ArrayList;
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

    public static AuditResult run(
            Dataset<Row> normalized, Dataset<Row> crmEmails, Dataset<Row> crmPhones, Dataset<Row> crmOrgs) {
        Dataset<Row> r = rows(normalized, crmEmails, crmPhones, crmOrgs);
        Row a = r.agg(
                        count(lit(1)),
                        countDistinct(when(col("email_in_crm"), col("address"))),
                        countDistinct(when(col("email_in_crm").unary_$bang(), col("address"))),
                        sum(when(col(ContactColumns.PHONE).isNotNull().and(col("phone_in_crm")), 1)
                                .otherwise(0)),
                        sum(when(
                                        col(ContactColumns.PHONE)
                                                .isNotNull()
                                                .and(col("phone_in_crm").unary_$bang()),
                                        1)
                                .otherwise(0)),
                        sum(when(col(ContactColumns.COMPANY_KEY).isNotNull().and(col("company_in_crm")), 1)
                                .otherwise(0)),
                        countDistinct(when(
                                col(ContactColumns.COMPANY_KEY)
                                        .isNotNull()
                                        .and(col("company_in_crm").unary_$bang()),
                                col(ContactColumns.COMPANY_NAME))),
                        sum(when(col("has_name"), 1).otherwise(0)),
                        sum(when(col("has_role"), 1).otherwise(0)),
                        sum(when(col("has_location"), 1).otherwise(0)),
                        sum(when(col("has_user_id"), 1).otherwise(0)),
                        sum(when(col("globally_bounced"), 1).otherwise(0)),
                        sum(when(col("globally_unsubscribed"), 1).otherwise(0)),
                        sum(when(col(ContactColumns.EMAIL_RANK).gt(1), 1).otherwise(0)),
                        countDistinct(when(
                                col(ContactColumns.PHONE)
                                        .isNotNull()
                                        .and(col("phone_in_crm").unary_$bang()),
                                col(ContactColumns.PHONE))))
                .first();
        String[] names = {
            "total_contacts",
            "email_match",
            "email_new",
            "phone_match",
            "phone_new",
            "company_match_exact",
            "company_new_unique",
            "has_name",
            "has_role",
            "has_location",
            "has_user_id",
            "globally_bounced",
            "globally_unsubscribed",
            "duplicate_emails",
            "phone_new_distinct"
        };
        List<Metric> m = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            m.add(Metric.total(NAME, names[i], a.isNullAt(i) ? 0 : a.getLong(i)));
        }
        Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
        rows.put("contacts_analysis_rows", r);
        return new AuditResult(NAME, m, rows);
    }
}
