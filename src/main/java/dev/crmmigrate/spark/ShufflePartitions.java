package dev.crmmigrate.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Shuffle partitions sized to the rows an import reads, for as long as the import runs. A fixed count (8 on local
 * Spark) is right for the field report's size and wrong at 10 M contacts: measured at scale 300 (9.8 M contacts, 2 GiB
 * driver heap), the first-wins sort of phase 2 spilled 1,145 MiB to disk in its 8 tasks; with 200 partitions it
 * spilled nothing and the phase took a sixth less time. Adaptive execution coalesces partitions that come out small,
 * so the count only ever grows here, never below the configured one: small imports keep their few partitions and
 * their few shuffle files.
 *
 * <p>Small inputs get small plans: up to {@link #ONE_PARTITION_ROWS} rows one shuffle partition, and below
 * {@link #ADAPTIVE_FROM_ROWS} no adaptive execution. Adaptive execution runs every shuffle stage of a query as a Spark
 * job of its own and re-plans between them; on an 8-contact import that was 31 of its 69 jobs (docs/benchmarks.md),
 * for partitions it had nothing to coalesce and joins it had no skew to split.
 */
public final class ShufflePartitions implements AutoCloseable {
    static final String KEY = "spark.sql.shuffle.partitions";
    static final String ADAPTIVE = "spark.sql.adaptive.enabled";
    /** Inputs up to this many rows are shuffled into one partition. */
    public static final long ONE_PARTITION_ROWS = 10_000;
    /** Inputs of this many rows or more run with adaptive execution (skew joins, coalescing). */
    public static final long ADAPTIVE_FROM_ROWS = 1_000_000;
    /** Rows per shuffle partition: about 70 MiB of a contact row's sort data, well inside a task's memory share. */
    public static final long ROWS_PER_PARTITION = 150_000;

    private final SparkSession spark;
    private final String before;
    private final String adaptiveBefore;

    private ShufflePartitions(SparkSession spark, String before, String adaptiveBefore) {
        this.spark = spark;
        this.before = before;
        this.adaptiveBefore = adaptiveBefore;
    }

    /** The shuffle partitions of an input of {@code rows}: one for a small input, else {@link #forRows}. */
    public static int partitionsFor(long rows, int configured) {
        return rows <= ONE_PARTITION_ROWS ? 1 : forRows(rows, configured);
    }

    /** Whether an input of {@code rows} runs with adaptive execution. */
    public static boolean adaptive(long rows) {
        return rows >= ADAPTIVE_FROM_ROWS;
    }

    /** The partitions for {@code rows}: the configured count, or one per {@link #ROWS_PER_PARTITION} if more. */
    public static int forRows(long rows, int configured) {
        long wanted = (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION;
        return (int) Math.max(configured, Math.min(wanted, 10_000));
    }

    /**
     * Sets the shuffle partitions and adaptive execution for {@code rows} until {@link #close}, which restores the
     * previous values.
     */
    public static ShufflePartitions sizedTo(SparkSession spark, long rows) {
        String before = spark.conf().get(KEY);
        String adaptiveBefore = spark.conf().get(ADAPTIVE, "true");
        spark.conf().set(KEY, String.valueOf(partitionsFor(rows, Integer.parseInt(before))));
        spark.conf().set(ADAPTIVE, String.valueOf(adaptive(rows) && Boolean.parseBoolean(adaptiveBefore)));
        return new ShufflePartitions(spark, before, adaptiveBefore);
    }

    @Override
    public void close() {
        spark.conf().set(KEY, before);
        spark.conf().set(ADAPTIVE, adaptiveBefore);
    }
}
