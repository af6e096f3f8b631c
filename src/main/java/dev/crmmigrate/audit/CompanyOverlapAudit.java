package dev.crmmigrate.audit;

import static dev.crmmigrate.normalize.NormalizeColumns.companyKey;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.stage.CrmSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The field report's {@code audit_company_overlap.py}: outreach company names and CRM organizations compared under
 * the suffix-stripping normalization (case, punctuation, &amp;/and, a leading "the", legal suffixes), with the
 * category matrix: developer lists vs QOZB organizations, investor lists vs Family Office ones, fund lists vs all.
 * This normalization is for audits only; the import matches organizations exactly (case-insensitive).
 */
public final class CompanyOverlapAudit {
    public static final String NAME = "company_overlap";
    /** CRM sources the matrix compares each list category with. */
    static final List<String> SOURCES = List.of(CrmSources.QOZB, CrmSources.FAMILY_OFFICE, "crm");

    private CompanyOverlapAudit() {}

    /** (company_key, category, spelling) of every list row with a company. */
    public static Dataset<Row> keys(Dataset<Row> lists, List<String> suffixes) {
        return lists.withColumn("company_key", companyKey(col("company"), suffixes))
                .where(col("company_key").isNotNull())
                .select(col("company_key"), col("category"), col("company").as("spelling"));
    }

    /** CRM organizations by key: (company_key, sources, organization names). */
    public static Dataset<Row> crmKeys(Dataset<Row> crmOrgs, List<String> suffixes) {
        return crmOrgs.withColumn("company_key", companyKey(col("name"), suffixes))
                .where(col("company_key").isNotNull())
                .groupBy("company_key")
                .agg(
                        array_sort(array_distinct(flatten(collect_set(col("sources")))))
                                .as("sources"),
                        array_sort(collect_set(col("name"))).as("organizations"));
    }

    public static AuditResult run(Dataset<Row> lists, Dataset<Row> crmOrgs, List<String> suffixes) {
        Dataset<Row> k = keys(lists, suffixes);
        Dataset<Row> crm = crmKeys(crmOrgs, suffixes);
        Dataset<Row> outreach = k.groupBy("company_key")
                .agg(
                        array_sort(collect_set(col("category"))).as("categories"),
                        first(col("spelling")).as("example_spelling"));
        Dataset<Row> overlaps = outreach.join(crm, "company_key");
        List<Metric> m = new ArrayList<>();
        // Unique and overlapping companies in one query (a count of each would be a job of its own).
        Row counts = outreach.join(crm.select(col("company_key"), lit(true).as("_in_crm")), "company_key", "left")
                .agg(count(lit(1)).as("unique"), count(col("_in_crm")).as("overlap"))
                .first();
        long unique = counts.<Long>getAs("unique");
        long overlap = counts.<Long>getAs("overlap");
        m.add(Metric.total(NAME, "unique_outreach_companies", unique));
        m.add(Metric.total(NAME, "overlap_with_crm", overlap));
        m.add(Metric.total(NAME, "overlap_pct", Metric.pct(overlap, unique)));

        // The category matrix: for each list category, its unique companies and how many are QOZB / Family Office / any
        // CRM.
        Dataset<Row> byCategory = k.select("category", "company_key")
                .distinct()
                .join(crm.select(col("company_key"), col("sources")), "company_key", "left");
        List<Column> aggs = new ArrayList<>();
        aggs.add(countDistinct(col("company_key")).as("unique_companies"));
        for (String s : SOURCES) {
            Column hit = s.equals("crm") ? col("sources").isNotNull() : array_contains(col("sources"), s);
            aggs.add(countDistinct(when(hit, col("company_key"))).as("in_" + s));
        }
        Map<String, Double> matrix = new LinkedHashMap<>();
        for (Row r : byCategory
                .groupBy("category")
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
                .orderBy("category")
                .collectAsList()) {
            String cat = r.<String>getAs("category");
            long all = r.<Long>getAs("unique_companies");
            m.add(Metric.of(NAME, "unique_companies", Map.of("category", cat), all));
            for (int i = 0; i < SOURCES.size(); i++) {
                long hits = r.<Long>getAs("in_" + SOURCES.get(i));
                m.add(Metric.of(NAME, "overlap", Map.of("category", cat, "crm_source", SOURCES.get(i)), hits));
                m.add(Metric.of(
                        NAME,
                        "overlap_pct",
                        Map.of("category", cat, "crm_source", SOURCES.get(i)),
                        Metric.pct(hits, all)));
                matrix.put(cat + "/" + SOURCES.get(i), Metric.pct(hits, all));
            }
        }
        m.add(Metric.total(NAME, "developer_lists_vs_qozb_pct", matrix.getOrDefault("developer/qozb", 0.0)));
        m.add(Metric.total(
                NAME, "investor_lists_vs_family_office_pct", matrix.getOrDefault("investor/family_office", 0.0)));
        m.add(Metric.total(NAME, "fund_lists_vs_crm_pct", matrix.getOrDefault("fund/crm", 0.0)));
        Map<String, Dataset<Row>> rows = new LinkedHashMap<>();
        rows.put("company_overlap_rows", overlaps);
        return new AuditResult(NAME, m, rows);
    }
}
