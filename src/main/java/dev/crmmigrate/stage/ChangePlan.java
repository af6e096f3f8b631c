package dev.crmmigrate.stage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;

/**
 * One import's change plan: the rows of every CRM table it writes, in ONE Delta table partitioned by {@link #TARGET}
 * (the staged table's name), written in one Spark job. Its figures (rows per table, distinct keys the load inserts
 * or updates) are observed while it is written, so neither the planned counts nor the loader's "is this table
 * empty?" cost a job. One Delta table instead of one per CRM table: a Delta write costs about a dozen Spark jobs of
 * its own (commit, snapshot, checksum), whatever its size.
 *
 * <p>The plan's columns are the union of the staged tables' columns (same name, same type), plus {@link #TARGET},
 * {@link #FIRST} (the first row of its natural key: the load writes one row per key) and {@link #OP} ({@code insert}
 * or {@code update}: what the row's key does to the CRM, as {@code Changes} judged it).
 */
public final class ChangePlan {
    /** The Delta table of a run that holds the plan. */
    public static final String TARGET = "target";

    public static final String FIRST = "_first";
    public static final String OP = "_op";
    public static final String INSERT = "insert";
    public static final String UPDATE = "update";

    private ChangePlan() {}

    /**
     * The plan's rows and figures, read back per staged table.
     *
     * @param source the whole staged plan, which {@code tables} filter
     */
    public record Staged(
            Dataset<Row> source,
            Map<StagedTable, Dataset<Row>> tables,
            Map<StagedTable, Long> rows,
            Map<String, Long> figures) {
        /**
         * The same plan read once into memory (spilling to disk) for a load that reads each of its tables in turn:
         * one scan of the Delta table instead of one per table. For small plans; {@link #unpersist} when loaded.
         */
        public Staged persisted() {
            return read(source.persist(StorageLevel.MEMORY_AND_DISK()), tables.keySet(), figures);
        }

        public void unpersist() {
            source.unpersist();
        }

        /** Distinct keys of a table whose rows insert (or, with {@code update}, update) CRM rows. */
        public long keys(StagedTable t, String op) {
            return figures.getOrDefault(metric(op, t), 0L);
        }
    }

    /**
     * The plan as one Dataset: each table conformed to its columns, marked, and widened to the plan's columns.
     *
     * @param tables each table's rows, with an {@link #OP} column where the rows mix inserts and updates (without one,
     *     a table's rows are inserts, {@link StagedTable#PERSON_ENRICHMENT}'s updates)
     */
    public static Dataset<Row> of(Map<StagedTable, Dataset<Row>> tables) {
        Map<String, DataType> wide = columns(tables.keySet());
        Dataset<Row> out = null;
        for (Map.Entry<StagedTable, Dataset<Row>> e : tables.entrySet()) {
            StagedTable t = e.getKey();
            Dataset<Row> ds = e.getValue();
            Column op = Arrays.asList(ds.columns()).contains(OP)
                    ? col(OP)
                    : lit(t == StagedTable.PERSON_ENRICHMENT ? UPDATE : INSERT);
            Column[] key = Arrays.stream(t.keyColumns()).map(k -> col(k)).toArray(Column[]::new);
            List<Column> conformed = new ArrayList<>();
            t.columns.forEach(
                    c -> conformed.add(col(c.name()).cast(c.sparkType()).as(c.name())));
            conformed.add(op.as(OP));
            Dataset<Row> marked = ds.select(conformed.toArray(Column[]::new))
                    .withColumn(
                            FIRST,
                            row_number()
                                    .over(Window.partitionBy(key).orderBy(key))
                                    .equalTo(1));
            List<Column> select = new ArrayList<>();
            select.add(lit(t.name()).as(TARGET));
            select.add(col(FIRST));
            select.add(col(OP));
            List<String> own = Arrays.asList(t.columnNames());
            wide.forEach((name, type) -> select.add(
                    (own.contains(name) ? col(name).cast(type) : lit(null).cast(type)).as(name)));
            Dataset<Row> w = marked.select(select.toArray(Column[]::new));
            out = out == null ? w : out.unionByName(w);
        }
        if (out == null) {
            throw new IllegalArgumentException("a change plan needs at least one staged table");
        }
        return out;
    }

    /** The figures the plan's write observes: rows, inserted keys and updated keys of each table. */
    public static Map<String, Column> metrics(Iterable<StagedTable> tables) {
        Map<String, Column> m = new LinkedHashMap<>();
        for (StagedTable t : tables) {
            Column mine = col(TARGET).equalTo(t.name());
            m.put(metric("rows", t), sum(when(mine, 1L).otherwise(0L)));
            m.put(
                    metric(INSERT, t),
                    sum(when(mine.and(col(FIRST)).and(col(OP).equalTo(INSERT)), 1L)
                            .otherwise(0L)));
            m.put(
                    metric(UPDATE, t),
                    sum(when(mine.and(col(FIRST)).and(col(OP).equalTo(UPDATE)), 1L)
                            .otherwise(0L)));
        }
        return m;
    }

    private static String metric(String kind, StagedTable t) {
        return kind + ":" + t.name();
    }

    /** Reads the staged plan back as one Dataset per table (partition pruning on {@link #TARGET}). */
    public static Staged read(Dataset<Row> plan, Iterable<StagedTable> tables, Map<String, Long> figures) {
        Map<StagedTable, Dataset<Row>> out = new EnumMap<>(StagedTable.class);
        Map<StagedTable, Long> rows = new EnumMap<>(StagedTable.class);
        for (StagedTable t : tables) {
            String[] names = t.columnNames();
            out.put(
                    t,
                    plan.where(col(TARGET).equalTo(t.name()))
                            .select(names[0], Arrays.copyOfRange(names, 1, names.length)));
            rows.put(t, figures.getOrDefault(metric("rows", t), 0L));
        }
        return new Staged(plan, Collections.unmodifiableMap(out), Collections.unmodifiableMap(rows), figures);
    }

    /** One table's rows of the plan a run staged in {@code runDir} (for readers after the import: exports, bench). */
    public static Dataset<Row> table(SparkSession spark, Path runDir, StagedTable t) {
        String[] names = t.columnNames();
        return spark.read()
                .format("delta")
                .load(runDir.resolve(Phase.PLAN.dir()).toAbsolutePath().toString())
                .where(col(TARGET).equalTo(t.name()))
                .select(names[0], Arrays.copyOfRange(names, 1, names.length));
    }

    /** The plan's columns: every staged table's, once each; a name two tables type differently is an error. */
    static Map<String, DataType> columns(Iterable<StagedTable> tables) {
        Map<String, DataType> wide = new LinkedHashMap<>();
        for (StagedTable t : tables) {
            for (StagedTable.Col c : t.columns) {
                DataType before = wide.putIfAbsent(c.name(), c.sparkType());
                if (before != null && !before.equals(c.sparkType())) {
                    throw new IllegalStateException("column " + c.name() + " of " + t + " is " + c.sparkType()
                            + ", another staged table has it as " + before);
                }
            }
        }
        return wide;
    }
}
