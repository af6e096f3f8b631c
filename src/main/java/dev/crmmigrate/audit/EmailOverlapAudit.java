package dev.crmmigrate.audit;

import static dev.crmmigrate.normalize.NormalizeColumns.email;
import static dev.crmmigrate.normalize.NormalizeColumns.emailInvalidReason;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.resolve.ContactColumns;
import dev.crmmigrate.stage.CrmSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The field report's {@code audit_email_list_overlap.py}: unique normalized outreach emails across all lists, and
 * how many already exist in the CRM, split by where the CRM got them (QOZB, Family Office, both, other), per list and
 * per category. Invalid addresses are counted and kept as rejects, never silently dropped.
 */
public final class EmailOverlapAudit {
    public static final String NAME = "email_list_overlap";

    private EmailOverlapAudit() {}

    /** list rows → (list_file, category, address, reason) with address null when invalid or blank. */
    public static Dataset<Row> normalize(Dataset<Row> lists) {
        return lists.withColumn(ContactColumns.EMAIL, email(col("email")))
                .withColumn(
                        "reason",
                        when(col(ContactColumns.EMAIL).isNull(), lit("missing email"))
                                .otherwise(emailInvalidReason(col(ContactColumns.EMAIL))))
                .select(
                        col("list_file"),
                        col("category"),
                        col("email"),
                        when(col("reason").isNull(), col(ContactColumns.EMAIL)).as("address"),
                        col("reason"));
    }

    /**
     * One row per distinct valid outreach address that is in the CRM: its lists, categories and CRM sources.
     *
     * @param crmEmailSources (address, sources array) of the CRM
     */
    public static Dataset<Row> overlaps(Dataset<Row> normalized, Dataset<Row> crmEmailSources) {
        Dataset<Row> byAddress = normalized
                .where(col("address").isNotNull())
                .groupBy("address")
                .agg(
                        array_sort(collect_set(col("list_file"))).as("lists"),
                        array_sort(collect_set(col("category"))).as("categories"));
        return byAddress.join(crmEmailSources, "address");
    }

    public static AuditResult run(Dataset<Row> lists, Dataset<Row> crmEmailSources) {
        Dataset<Row> n = normalize(lists);
        Dataset<Row> valid = n.where(col("address").isNotNull());
        Dataset<Row> overlaps = overlaps(n, crmEmailSources);
        List<Metric> m = new ArrayList<>();
        long unique = valid.select("address").distinct().count();
        Row o = overlaps.agg(
                        sum(lit(1)).as("all"),
                        sum(when(
                                                array_contains(col("sources"), CrmSources.QOZB)
                                                        .and(array_contains(col("sources"), CrmSources.FAMILY_OFFICE)
                                                                .unary_$bang()),
                                                1)
                                        .otherwise(0))
                                .as("qozb_only"),
                        sum(when(
                                                array_contains(col("sources"), CrmSources.FAMILY_OFFICE)
                                                        .and(array_contains(col("sources"), CrmSources.QOZB)
                                                                .unary_$bang()),
                                                1)
                                        .otherwise(0))
                                .as("family_office_only"),
                        sum(when(
                                                array_contains(col("sources"), CrmSources.FAMILY_OFFICE)
                                                        .and(array_contains(col("sources"), CrmSources.QOZB)),
                                                1)
                                        .otherwise(0))
                                .as("both"))
                .first();
        long overlap = longOrZero(o, "all");
        m.add(Metric.total(NAME, "unique_outreach_emails", unique));
        m.add(Metric.total(NAME, "overlap_with_crm", overlap));
        m.add(Metric.total(NAME, "overlap_pct", Metric.pct(overlap, unique)));
        m.add(Metric.total(NAME, "overlap_qozb_only", longOrZero(o, "qozb_only")));
        m.add(Metric.total(NAME, "overlap_family_office_only", longOrZero(o, "family_office_only")));
        m.add(Metric.total(NAME, "overlap_both", longOrZero(o, "both")));
        m.add(Metric.total(NAME, "list_rows", n.count()));
        m.add(Metric.total(
                NAME,
                "invalid_emails",
                n.where(col("reason").isNotNull().and(col("reason").notEqual("missing email")))
                        .count()));
        m.add(Metric.total(
                NAME,
                "missing_emails",
                n.where(col("reason").equalTo("missing email")).count()));
        perGroup(m, valid, overlaps, "list_file", "list");
        perGroup(m, valid, overlaps, "category", "category");
        Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
        rows.put("email_overlap_rows", overlaps);
        rows.put(
                "email_rejects",
                n.where(col("reason").isNotNull())
                        .select(col("list_file").as("source"), col("email").as("value"), col("reason")));
        return new AuditResult(NAME, m, rows);
    }

    /** Unique and overlapping addresses per list or per category: one small row per group. */
    /** A sum over no rows is null: zero overlap. */
    private static long longOrZero(Row r, String column) {
        Long v = r.getAs(column);
        return v == null ? 0 : v;
    }

    private static void perGroup(
            List<Metric> m, Dataset<Row> valid, Dataset<Row> overlaps, String column, String dimension) {
        Dataset<Row> marked = valid.select(col(column), col("address"))
                .distinct()
                .join(overlaps.select(col("address"), lit(true).as("in_crm")), "address", "left");
        Column inCrm = when(col("in_crm"), col("address"));
        for (Row r : marked.groupBy(column)
                .agg(
                        countDistinct(col("address")).as("unique_emails"),
                        countDistinct(inCrm).as("in_crm"))
                .orderBy(column)
                .collectAsList()) {
            Map<String, String> d = Map.of(dimension, r.<String>getAs(column));
            long unique = r.<Long>getAs("unique_emails");
            long inCrmCount = r.<Long>getAs("in_crm");
            m.add(Metric.of(NAME, "unique_emails", d, unique));
            m.add(Metric.of(NAME, "overlap_with_crm", d, inCrmCount));
            m.add(Metric.of(NAME, "overlap_pct", d, Metric.pct(inCrmCount, unique)));
        }
    }
}
