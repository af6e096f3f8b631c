package dev.crmmigrate.audit;

import static dev.crmmigrate.normalize.NormalizeColumns.email;
import static dev.crmmigrate.normalize.NormalizeColumns.emailInvalidReason;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
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
    /** The reason of a list row without an address. */
    static final String MISSING = "missing email";

    static final String ADDRESS = "address";
    static final String LISTS = "lists";
    static final String CATEGORIES = "categories";
    static final String SOURCES = "sources";

    private EmailOverlapAudit() {}

    /** list rows → (list_file, category, address, reason) with address null when invalid or blank. */
    public static Dataset<Row> normalize(Dataset<Row> lists) {
        return lists.withColumn(ContactColumns.EMAIL, email(col("email")))
                .withColumn(
                        "reason",
                        when(col(ContactColumns.EMAIL).isNull(), lit(MISSING))
                                .otherwise(emailInvalidReason(col(ContactColumns.EMAIL))))
                .select(
                        col("list_file"),
                        col("category"),
                        col("email"),
                        when(col("reason").isNull(), col(ContactColumns.EMAIL)).as("address"),
                        col("reason"));
    }

    /**
     * One row per distinct valid outreach address: its lists and categories, and its CRM sources (null when the CRM
     * does not hold it).
     *
     * @param crmEmailSources (address, sources array) of the CRM
     */
    public static Dataset<Row> addresses(Dataset<Row> normalized, Dataset<Row> crmEmailSources) {
        Dataset<Row> byAddress = normalized
                .where(col(ADDRESS).isNotNull())
                .groupBy(ADDRESS)
                .agg(
                        array_sort(collect_set(col("list_file"))).as(LISTS),
                        array_sort(collect_set(col("category"))).as(CATEGORIES));
        return byAddress
                .join(crmEmailSources, byAddress.col(ADDRESS).equalTo(crmEmailSources.col(ADDRESS)), "left")
                .select(byAddress.col(ADDRESS), col(LISTS), col(CATEGORIES), col(SOURCES));
    }

    /**
     * The audit in three queries: the list rows' figures, the distinct addresses' figures, and both per list and per
     * category (a query per figure was a Spark job and a plan of its own each).
     */
    public static AuditResult run(Dataset<Row> lists, Dataset<Row> crmEmailSources) {
        Dataset<Row> n = normalize(lists);
        Dataset<Row> addresses = addresses(n, crmEmailSources);
        Column missing = col("reason").equalTo(MISSING);
        Row t = n.agg(
                        count(lit(1)).as("rows"),
                        sum(when(col("reason").isNotNull().and(not(missing)), 1).otherwise(0))
                                .as("invalid"),
                        sum(when(missing, 1).otherwise(0)).as("missing"))
                .first();
        Column qozb = array_contains(col(SOURCES), CrmSources.QOZB);
        Column familyOffice = array_contains(col(SOURCES), CrmSources.FAMILY_OFFICE);
        Row o = addresses
                .agg(
                        count(lit(1)).as("unique"),
                        count(col(SOURCES)).as("all"),
                        sum(when(qozb.and(not(familyOffice)), 1).otherwise(0)).as("qozb_only"),
                        sum(when(familyOffice.and(not(qozb)), 1).otherwise(0)).as("family_office_only"),
                        sum(when(familyOffice.and(qozb), 1).otherwise(0)).as("both"))
                .first();
        long unique = o.<Long>getAs("unique");
        long overlap = o.<Long>getAs("all");
        List<Metric> m = new ArrayList<>();
        m.add(Metric.total(NAME, "unique_outreach_emails", unique));
        m.add(Metric.total(NAME, "overlap_with_crm", overlap));
        m.add(Metric.total(NAME, "overlap_pct", Metric.pct(overlap, unique)));
        m.add(Metric.total(NAME, "overlap_qozb_only", longOrZero(o, "qozb_only")));
        m.add(Metric.total(NAME, "overlap_family_office_only", longOrZero(o, "family_office_only")));
        m.add(Metric.total(NAME, "overlap_both", longOrZero(o, "both")));
        m.add(Metric.total(NAME, "list_rows", t.<Long>getAs("rows")));
        m.add(Metric.total(NAME, "invalid_emails", longOrZero(t, "invalid")));
        m.add(Metric.total(NAME, "missing_emails", longOrZero(t, "missing")));
        perGroup(m, addresses);
        Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
        rows.put("email_overlap_rows", addresses.where(col(SOURCES).isNotNull()));
        rows.put(
                "email_rejects",
                n.where(col("reason").isNotNull())
                        .select(col("list_file").as("source"), col("email").as("value"), col("reason")));
        return new AuditResult(NAME, m, rows);
    }

    /** A sum over no rows is null: zero overlap. */
    private static long longOrZero(Row r, String column) {
        Long v = r.getAs(column);
        return v == null ? 0 : v;
    }

    /**
     * Unique and overlapping addresses per list and per category, in one query: one small row per group (a handful of
     * list files and categories), lists first.
     */
    private static void perGroup(List<Metric> m, Dataset<Row> addresses) {
        Dataset<Row> groups = addresses
                .select(lit("list").as("dimension"), explode(col(LISTS)).as("value"), col(SOURCES))
                .unionAll(addresses.select(
                        lit("category").as("dimension"),
                        explode(col(CATEGORIES)).as("value"),
                        col(SOURCES)));
        List<Row> found = groups.groupBy("dimension", "value")
                .agg(count(lit(1)).as("unique_emails"), count(col(SOURCES)).as("in_crm"))
                .orderBy("value")
                .collectAsList();
        for (String dimension : List.of("list", "category")) {
            for (Row r : found) {
                if (!r.<String>getAs("dimension").equals(dimension)) {
                    continue;
                }
                Map<String, String> d = Map.of(dimension, r.<String>getAs("value"));
                long unique = r.<Long>getAs("unique_emails");
                long inCrmCount = r.<Long>getAs("in_crm");
                m.add(Metric.of(NAME, "unique_emails", d, unique));
                m.add(Metric.of(NAME, "overlap_with_crm", d, inCrmCount));
                m.add(Metric.of(NAME, "overlap_pct", d, Metric.pct(inCrmCount, unique)));
            }
        }
    }
}
