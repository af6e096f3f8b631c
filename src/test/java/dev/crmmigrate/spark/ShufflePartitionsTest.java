package dev.crmmigrate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Shuffle partitions grow with an import's input, never below the configured count, and come back after it. */
class ShufflePartitionsTest {
    @Test
    void onePartitionPerHundredAndFiftyThousandRowsAboveTheConfiguredCount() {
        assertThat(ShufflePartitions.forRows(8, 8))
                .as("the field report's size keeps the configured 8")
                .isEqualTo(8);
        assertThat(ShufflePartitions.forRows(1_200_000, 8)).isEqualTo(8);
        assertThat(ShufflePartitions.forRows(1_200_001, 8)).isEqualTo(9);
        assertThat(ShufflePartitions.forRows(9_775_200, 8)).as("scale 300").isEqualTo(66);
        assertThat(ShufflePartitions.forRows(9_775_200, 200))
                .as("a larger configured count stays")
                .isEqualTo(200);
    }

    @Test
    void smallInputsGetOnePartitionAndNoAdaptiveExecution() {
        assertThat(ShufflePartitions.partitionsFor(8, 8)).isEqualTo(1);
        assertThat(ShufflePartitions.partitionsFor(ShufflePartitions.ONE_PARTITION_ROWS, 8))
                .isEqualTo(1);
        assertThat(ShufflePartitions.partitionsFor(ShufflePartitions.ONE_PARTITION_ROWS + 1, 8))
                .as("the field report's 32,584 contacts")
                .isEqualTo(8);
        assertThat(ShufflePartitions.adaptive(32_584)).isFalse();
        assertThat(ShufflePartitions.adaptive(ShufflePartitions.ADAPTIVE_FROM_ROWS))
                .isTrue();

        SparkSession spark = TestSpark.get();
        String configured = spark.conf().get(ShufflePartitions.KEY);
        String adaptive = spark.conf().get(ShufflePartitions.ADAPTIVE, "true");
        String wholeStage = spark.conf().get(ShufflePartitions.WHOLE_STAGE);
        String mode = spark.conf().get(ShufflePartitions.CODEGEN_MODE);
        try (ShufflePartitions sized = ShufflePartitions.sizedTo(spark, 8)) {
            assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo("1");
            assertThat(spark.conf().get(ShufflePartitions.ADAPTIVE)).isEqualTo("false");
            assertThat(spark.conf().get(ShufflePartitions.WHOLE_STAGE)).isEqualTo("false");
            assertThat(spark.conf().get(ShufflePartitions.CODEGEN_MODE)).isEqualTo("NO_CODEGEN");
            assertThat(spark.range(3).selectExpr("sum(id * 2)").first().getLong(0))
                    .as("a query runs interpreted")
                    .isEqualTo(6);
        }
        assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo(configured);
        assertThat(spark.conf().get(ShufflePartitions.ADAPTIVE)).isEqualTo(adaptive);
        assertThat(spark.conf().get(ShufflePartitions.WHOLE_STAGE)).isEqualTo(wholeStage);
        assertThat(spark.conf().get(ShufflePartitions.CODEGEN_MODE)).isEqualTo(mode);
    }

    @Test
    void largerInputsKeepGeneratedCode() {
        assertThat(ShufflePartitions.interpreted(8)).isTrue();
        assertThat(ShufflePartitions.interpreted(ShufflePartitions.INTERPRETED_ROWS))
                .isTrue();
        assertThat(ShufflePartitions.interpreted(32_584))
                .as("the field report's 32,584 contacts")
                .isFalse();
        SparkSession spark = TestSpark.get();
        String wholeStage = spark.conf().get(ShufflePartitions.WHOLE_STAGE);
        try (ShufflePartitions sized = ShufflePartitions.sizedTo(spark, 32_584)) {
            assertThat(spark.conf().get(ShufflePartitions.WHOLE_STAGE)).isEqualTo(wholeStage);
        }
    }

    @Test
    void theSessionGetsItsCountBackWhenTheImportEnds() {
        SparkSession spark = TestSpark.get();
        String configured = spark.conf().get(ShufflePartitions.KEY);
        long rows = (Integer.parseInt(configured) + 5) * ShufflePartitions.ROWS_PER_PARTITION;
        try (ShufflePartitions sized = ShufflePartitions.sizedTo(spark, rows)) {
            assertThat(spark.conf().get(ShufflePartitions.KEY))
                    .isEqualTo(String.valueOf(Integer.parseInt(configured) + 5));
        }
        assertThat(spark.conf().get(ShufflePartitions.KEY)).isEqualTo(configured);
    }
}
