package dev.crmmigrate.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

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
 * for partitions it had nothing to coalesce and joins it had no skew to split. Up to {@link #INTERPRETED_ROWS} rows
 * the queries run interpreted: compiling their generated code costs a cold JVM more than it saves on so few rows.
 */
public final class ShufflePartitions implements AutoCloseable {
    static final String KEY = "spark.sql.shuffle.partitions";
    static final String ADAPTIVE = "spark.sql.adaptive.enabled";
    static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
    static final String CODEGEN_MODE = "spark.sql.codegen.factoryMode";
    /** Inputs up to this many rows are shuffled into one partition. */
    public static final long ONE_PARTITION_ROWS = 10_000;
    /**
     * Inputs up to this many rows run interpreted, without generated code: a cold JVM compiles every query's
     * generated Java with Janino before its first row, 5-12 s of an 8-contact import's 28-37 s. At the field
     * report's 32,584 contacts a cold import took 52 s either way, and a warm JVM (bench, tests, notebooks) reuses
     * the code it compiled, so larger inputs keep it (docs/benchmarks.md, "Cold start without generated code").
     */
    public static final long INTERPRETED_ROWS = 10_000;
    /** Inputs of this many rows or more run with adaptive execution (skew joins, coalescing). */
    public static final long ADAPTIVE_FROM_ROWS = 1_000_000;
    /** Rows per shuffle partition: about 70 MiB of a contact row's sort data, well inside a task's memory share. */
    public static final long ROWS_PER_PARTITION = 150_000;

    private final SparkSession spark;
    private final Map<String, Optional<String>> before;

    private ShufflePartitions(SparkSession spark, Map<String, Optional<String>> before) {
        this.spark = spark;
        this.before = before;
    }

    /** The shuffle partitions of an input of {@code rows}: one for a small input, else {@link #forRows}. */
    public static int partitionsFor(long rows, int configured) {
        return rows <= ONE_PARTITION_ROWS ? 1 : forRows(rows, configured);
    }

    /** Whether an input of {@code rows} runs with adaptive execution. */
    public static boolean adaptive(long rows) {
        return rows >= ADAPTIVE_FROM_ROWS;
    }

    /** Whether an input of {@code rows} runs interpreted ({@link #INTERPRETED_ROWS}). */
    public static boolean interpreted(long rows) {
        return rows <= INTERPRETED_ROWS;
    }

    /**
     * A staged table that several queries of a small input read, read once into memory (spilling to disk): each scan
     * of a Delta table is a snapshot file-listing job of its own, ten of them for the contacts import's plan. A large
     * input is read by each query itself (column pruning, no copy held). {@link Dataset#unpersist} when done; it does
     * nothing to a Dataset that was not persisted.
     */
    public static Dataset<Row> readOnce(Dataset<Row> staged, long rows) {
        return adaptive(rows) ? staged : staged.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The partitions for {@code rows}: the configured count, or one per {@link #ROWS_PER_PARTITION} if more. */
    public static int forRows(long rows, int configured) {
        long wanted = (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION;
        return (int) Math.max(configured, Math.min(wanted, 10_000));
    }

    /**
     * Sets the shuffle partitions, adaptive execution and code generation for {@code rows} until {@link #close},
     * which restores the previous values. A setting the configuration turned off stays off.
     */
    public static ShufflePartitions sizedTo(SparkSession spark, long rows) {
        Map<String, Optional<String>> before = new LinkedHashMap<>();
        for (String k : List.of(KEY, ADAPTIVE, WHOLE_STAGE, CODEGEN_MODE)) {
            before.put(k, spark.conf().contains(k) ? Optional.of(spark.conf().get(k)) : Optional.empty());
        }
        int configured = Integer.parseInt(spark.conf().get(KEY));
        spark.conf().set(KEY, String.valueOf(partitionsFor(rows, configured)));
        boolean adaptiveBefore = Boolean.parseBoolean(spark.conf().get(ADAPTIVE, "true"));
        spark.conf().set(ADAPTIVE, String.valueOf(adaptive(rows) && adaptiveBefore));
        if (interpreted(rows)) {
            spark.conf().set(WHOLE_STAGE, "false");
            spark.conf().set(CODEGEN_MODE, "NO_CODEGEN");
        }
        return new ShufflePartitions(spark, before);
    }

    @Override
    public void close() {
        before.forEach((k, v) -> {
            if (v.isPresent()) {
                spark.conf().set(k, v.get());
            } else {
                spark.conf().unset(k);
            }
        });
    }
}
