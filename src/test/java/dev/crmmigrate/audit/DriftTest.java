package dev.crmmigrate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** Drift between two audit runs, on a metric history of a few typed rows. */
class DriftTest {
    static final Timestamp T = Timestamp.valueOf("2026-11-30 00:00:00");
    static final StructType ADDRESSES = new StructType().add("address", DataTypes.StringType);

    static Row metric(String run, String name, Map<String, String> dims, double value) {
        return RowFactory.create(run, T, "email_list_overlap", name, CollectionConverters.asScala(dims), value);
    }

    static Dataset<Row> history(SparkSession spark) {
        return spark.createDataFrame(
                List.of(
                        metric("a_1", "overlap_with_crm", Map.of(), 100),
                        metric("a_1", "unique_outreach_emails", Map.of(), 1000),
                        metric("a_1", "overlap_with_crm", Map.of("category", "fund"), 10),
                        metric("b_2", "overlap_with_crm", Map.of(), 130),
                        metric("b_2", "unique_outreach_emails", Map.of(), 1000),
                        metric("b_2", "overlap_with_crm", Map.of("category", "fund"), 40),
                        metric("b_2", "overlap_pct", Map.of(), 13)),
                MetricHistory.SCHEMA);
    }

    static Dataset<Row> addresses(SparkSession spark, String... a) {
        return spark.createDataFrame(
                List.of(a).stream().map(x -> RowFactory.create(x)).toList(), ADDRESSES);
    }

    @Test
    void changedMetricsAreListedAndOnlyTotalsAboveTheLimitCrossIt() {
        SparkSession spark = TestSpark.get();
        assertThat(Drift.previousRun(history(spark), "b_2")).isEqualTo("a_1");
        assertThat(Drift.previousRun(history(spark), "a_1")).isNull();
        Drift.Report r = Drift.compare(
                history(spark),
                "a_1",
                "b_2",
                addresses(spark, "ann@x.com"),
                addresses(spark, "ann@x.com", "bob@y.com", "cy@z.com"),
                20.0,
                5,
                false);
        assertThat(r.changes())
                .extracting(Drift.Change::label)
                .containsExactlyInAnyOrder(
                        "email_list_overlap.overlap_pct",
                        "email_list_overlap.overlap_with_crm",
                        "email_list_overlap.overlap_with_crm{category=fund}");
        assertThat(r.thresholdsCrossed())
                .as("the total rose 30 %%; a per-category change and a percentage never cross the limit")
                .singleElement()
                .satisfies(t -> assertThat(t).contains("overlap_with_crm changed by 30.00%", "100 -> 130"));
        assertThat(r.newOverlaps()).isEqualTo(2);
        assertThat(r.newOverlapSample()).containsExactly("b***@y.com", "c***@z.com");
        assertThat(r.alert()).isTrue();
    }

    @Test
    void nothingChangedIsNoAlert() {
        SparkSession spark = TestSpark.get();
        Drift.Report r = Drift.compare(
                history(spark), "b_2", "b_2", addresses(spark, "a@b.com"), addresses(spark, "a@b.com"), 1.0, 0, true);
        assertThat(r.changes()).isEmpty();
        assertThat(r.newOverlaps()).isZero();
        assertThat(r.alert()).isFalse();
    }
}
