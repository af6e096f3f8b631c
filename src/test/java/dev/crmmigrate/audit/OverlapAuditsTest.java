package dev.crmmigrate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The overlap audits on a few typed rows: every figure counted by hand. */
class OverlapAuditsTest {
    static final StructType LIST = new StructType()
            .add("list_file", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("company", DataTypes.StringType);
    static final StructType SOURCES = new StructType()
            .add("address", DataTypes.StringType)
            .add("sources", DataTypes.createArrayType(DataTypes.StringType));
    static final StructType ORGS = new StructType()
            .add("name", DataTypes.StringType)
            .add("sources", DataTypes.createArrayType(DataTypes.StringType));

    static Dataset<Row> lists(SparkSession spark) {
        return spark.createDataFrame(
                List.of(
                        RowFactory.create("a.csv", "investor", " Ann@Fund.com ", "Acme Capital LLC"),
                        RowFactory.create("a.csv", "investor", "ann@fund.com", "Acme Capital"),
                        RowFactory.create("a.csv", "investor", "bob@fund.com", "Zeta GmbH"),
                        RowFactory.create("b.csv", "developer", "cy@build.com", "Acme Capital, Inc."),
                        RowFactory.create("b.csv", "developer", "not an email", null),
                        RowFactory.create("b.csv", "developer", "dee@build.com", "Nowhere Ltd")),
                LIST);
    }

    @Test
    void emailOverlapCountsDistinctValidAddressesAndSplitsThemBySource() {
        SparkSession spark = TestSpark.get();
        Dataset<Row> crm = spark.createDataFrame(
                List.of(
                        RowFactory.create("ann@fund.com", List.of("qozb")),
                        RowFactory.create("cy@build.com", List.of("family_office", "qozb")),
                        RowFactory.create("dee@build.com", List.of("family_office")),
                        RowFactory.create("zed@else.com", List.of("qozb"))),
                SOURCES);
        AuditResult r = EmailOverlapAudit.run(lists(spark), crm);
        assertThat(r.value("unique_outreach_emails")).isEqualTo(4);
        assertThat(r.value("overlap_with_crm")).isEqualTo(3);
        assertThat(r.value("overlap_pct")).isEqualTo(75.0);
        assertThat(r.value("overlap_qozb_only")).isEqualTo(1);
        assertThat(r.value("overlap_family_office_only")).isEqualTo(1);
        assertThat(r.value("overlap_both")).isEqualTo(1);
        assertThat(metric(r, "unique_emails", Map.of("category", "investor"))).isEqualTo(2);
        assertThat(metric(r, "overlap_with_crm", Map.of("category", "investor")))
                .isEqualTo(1);
        assertThat(metric(r, "overlap_pct", Map.of("list", "b.csv"))).isEqualTo(100.0);
    }

    @Test
    void anOverlapOfNothingIsZeroNotAnError() {
        SparkSession spark = TestSpark.get();
        Dataset<Row> none = spark.createDataFrame(List.<Row>of(), SOURCES);
        AuditResult r = EmailOverlapAudit.run(lists(spark), none);
        assertThat(r.value("overlap_with_crm")).isZero();
        assertThat(r.value("overlap_both")).isZero();
    }

    @Test
    void companyOverlapMatchesLegalFormVariantsPerCategoryAndSource() {
        SparkSession spark = TestSpark.get();
        Dataset<Row> orgs = spark.createDataFrame(
                List.of(
                        RowFactory.create("ACME Capital", List.of("qozb")),
                        RowFactory.create("Zeta", List.of("family_office"))),
                ORGS);
        AuditResult r = CompanyOverlapAudit.run(lists(spark), orgs, List.of());
        assertThat(r.value("unique_outreach_companies"))
                .as("acme capital, zeta, nowhere")
                .isEqualTo(3);
        assertThat(r.value("overlap_with_crm")).isEqualTo(2);
        assertThat(metric(r, "unique_companies", Map.of("category", "investor")))
                .isEqualTo(2);
        assertThat(metric(r, "overlap", Map.of("category", "investor", "crm_source", "qozb")))
                .isEqualTo(1);
        assertThat(metric(r, "overlap", Map.of("category", "investor", "crm_source", "family_office")))
                .isEqualTo(1);
        assertThat(metric(r, "overlap_pct", Map.of("category", "developer", "crm_source", "crm")))
                .isEqualTo(50.0);
    }

    static double metric(AuditResult r, String name, Map<String, String> dims) {
        return r.metrics().stream()
                .filter(m -> m.name().equals(name) && m.dimensions().equals(dims))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " " + dims + " not in " + r.metrics()))
                .value();
    }
}
