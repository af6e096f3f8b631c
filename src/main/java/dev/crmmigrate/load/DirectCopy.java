package dev.crmmigrate.load;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.postgresql.PGConnection;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * The initial-load path: when a target table is empty, its staged rows need no staging table and no upsert — they
 * are COPYed straight into the target, inside the load transaction (so the load stays all or nothing), streamed from
 * Spark in bounded slices (the driver holds at most {@link Encoded#FETCH_BLOCKS} MiB of COPY text, encoded on the
 * executors ahead of time — see {@link Encoded} — never a partition, let alone the data set). The
 * target is locked against other writers first, so "empty" stays true until the transaction ends.
 *
 * <p>The target's indexes and keys are dropped before the COPY and built again after it (see {@link #deferIndexes}).
 *
 * <p>Only tables whose load statement is a plain insert qualify: emails (a fresh row carries its status, so there is
 * no status to upgrade) and people. Each keeps the defaults of its INSERT statement.
 */
final class DirectCopy {

    private DirectCopy() {}

    /** True when the target of {@code t} has no row (take the lock first for the answer to hold). */
    static boolean targetEmpty(Connection c, StagedTable t) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + t.target + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The staged rows as the INSERT statement would write them: its coalesce defaults applied in Spark. */
    static Dataset<Row> rows(StagedTable t, Dataset<Row> staged) {
        Column[] cols = switch (t) {
            case EMAILS ->
                new Column[] {
                    col("id"),
                    col("address"),
                    col("status"),
                    coalesce(col("metadata"), lit("{}")).as("metadata")
                };
            case PEOPLE ->
                new Column[] {
                    col("id"),
                    col("first_name"),
                    col("last_name"),
                    coalesce(col("tags"), array().cast("array<string>")).as("tags"),
                    col("lead_status"),
                    col("user_id"),
                    coalesce(col("details"), lit("{}")).as("details"),
                    coalesce(col("created_at"), current_timestamp()).as("created_at")
                };
            default -> throw new IllegalArgumentException(t + " has no direct path");
        };
        return staged.select(cols);
    }

    /**
     * COPYs the encoded rows into the empty target on the load transaction's connection; returns the rows written. The
     * driver receives one partition's blocks at a time and forwards them.
     */
    static long copy(Connection c, StagedTable t, Encoded rows) throws SQLException {
        List<String> rebuild = deferIndexes(c, t.target);
        String sql = "COPY " + t.target + " (" + String.join(", ", t.columnNames()) + ") FROM STDIN WITH (FORMAT csv)";
        Iterator<byte[]> blocks = rows.blocks();
        long n = CopyWriter.send(c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql), blocks, () -> {});
        try (Statement st = c.createStatement()) {
            for (String ddl : rebuild) {
                st.execute(ddl);
            }
        }
        return n;
    }

    /**
     * The COPY text of one table, encoded by the executors in parallel as soon as the load starts — while the other
     * tables are copied into staging — and kept on their local disks, so the stream inside the transaction only reads
     * finished blocks: the executors' encoding never waits on the single COPY backend, nor the backend on one partition
     * being encoded at a time. Close it to drop the blocks (and stop an encoding still running).
     *
     * <p>The driver holds at most {@link #FETCH_BLOCKS} blocks of about 1 MiB at a time, whatever the size of a
     * partition. When a partition encodes to more, its blocks are cut into slices of that size by one shuffle (still
     * before the transaction); small neighbours share one fetch, so a small load runs fewer jobs, not more. Danger
     * avoided: streaming whole partitions ({@code toLocalIterator}) made the driver hold one partition's COPY text at
     * once, and at scale 100 that ran a 2 GiB driver out of heap.
     */
    static final class Encoded implements AutoCloseable {
        /** Blocks per fetch: the driver holds about this many MiB of COPY text (and its serialized copy) at a time. */
        static final int FETCH_BLOCKS = 16;

        private final JavaRDD<byte[]> encoded;
        private final String jobGroup = "crm-migrate-encode-" + UUID.randomUUID();
        private final CompletableFuture<Slices> ready;
        /** Seconds the transaction waited for the encoding to finish. */
        double waited;

        private Encoded(JavaRDD<byte[]> encoded) {
            this.encoded = encoded;
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(encoded.context());
            this.ready = CompletableFuture.supplyAsync(() -> {
                // A job group, so that close() can stop the jobs of an encoding nobody waits for any more.
                sc.setJobGroup(jobGroup, "encode staged rows for COPY", true);
                try {
                    List<Long> counts = encoded.mapPartitions(
                                    (FlatMapFunction<Iterator<byte[]>, Long>) it -> {
                                        long n = 0;
                                        for (; it.hasNext(); it.next()) {
                                            n++;
                                        }
                                        return List.of(n).iterator();
                                    },
                                    true)
                            .collect();
                    if (counts.stream().allMatch(n -> n <= FETCH_BLOCKS)) {
                        return new Slices(encoded, counts);
                    }
                    return reslice(encoded, counts, FETCH_BLOCKS);
                } finally {
                    sc.clearJobGroup();
                }
            });
        }

        /** Starts encoding the staged rows of {@code t} as its INSERT would write them. */
        static Encoded start(StagedTable t, Dataset<Row> staged) {
            List<StagedTable.Col> cols = t.columns;
            return new Encoded(rows(t, staged)
                    .mapPartitions(
                            (MapPartitionsFunction<Row, byte[]>) it -> CopyWriter.blocks(-1, it, cols),
                            Encoders.BINARY())
                    .toJavaRDD()
                    .persist(StorageLevel.DISK_ONLY()));
        }

        /** The blocks, at most {@link #FETCH_BLOCKS} on the driver at a time, once encoded. COPY needs no order. */
        Iterator<byte[]> blocks() throws SQLException {
            long t0 = System.nanoTime();
            Slices slices;
            try {
                slices = ready.get();
                waited = (System.nanoTime() - t0) / 1e9;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the rows were encoded", e);
            } catch (ExecutionException e) {
                throw new SQLException(
                        "encoding the rows for COPY failed: " + e.getCause().getMessage(), e.getCause());
            }
            Iterator<int[]> plan = fetches(slices.sizes(), FETCH_BLOCKS).iterator();
            return new Iterator<>() {
                private Iterator<byte[]> current = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext() && plan.hasNext()) {
                        current = fetch(slices.rdd(), plan.next()).iterator();
                    }
                    return current.hasNext();
                }

                @Override
                public byte[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return current.next();
                }
            };
        }

        /** One Spark job: every block of the given partitions. */
        private List<byte[]> fetch(JavaRDD<byte[]> rdd, int[] partitions) {
            List<byte[]> out = new ArrayList<>();
            for (List<byte[]> p : rdd.collectPartitions(partitions)) {
                out.addAll(p);
            }
            return out;
        }

        @Override
        public void close() {
            if (!ready.isDone()) {
                JavaSparkContext.fromSparkContext(encoded.context()).cancelJobGroup(jobGroup);
            }
            encoded.unpersist(false);
        }
    }

    /** The blocks to fetch, and how many each of its partitions holds. */
    record Slices(JavaRDD<byte[]> rdd, List<Long> sizes) {}

    /**
     * The blocks again, cut into slices of at most {@code max}: block {@code i} of partition {@code p} goes to slice
     * {@code first[p] + i / max}, one partition per slice, by one shuffle. The shuffle's map side runs here, so that
     * fetching a slice later reads only that slice.
     */
    static Slices reslice(JavaRDD<byte[]> blocks, List<Long> counts, int max) {
        long[] first = new long[counts.size()];
        List<Long> sizes = new ArrayList<>();
        for (int p = 0; p < counts.size(); p++) {
            first[p] = sizes.size();
            for (long from = 0; from < counts.get(p); from += max) {
                sizes.add(Math.min(max, counts.get(p) - from));
            }
        }
        JavaRDD<Tuple2<Integer, byte[]>> keyed = blocks.mapPartitionsWithIndex(
                (Function2<Integer, Iterator<byte[]>, Iterator<Tuple2<Integer, byte[]>>>)
                        (p, it) -> keyBySlice(it, first[p], max),
                false);
        // Integer keys below the partition count hash to themselves: slice k is partition k. Kryo, because the default
        // Java serialization keeps every record written to a stream (up to 100 blocks of 1 MiB per slice) until it is
        // reset.
        ShuffledRDD<Integer, byte[], byte[]> shuffled = new ShuffledRDD<>(
                keyed.rdd(),
                new HashPartitioner(sizes.size()),
                ClassTag$.MODULE$.apply(Integer.class),
                ClassTag$.MODULE$.apply(byte[].class),
                ClassTag$.MODULE$.apply(byte[].class));
        shuffled.setSerializer(new KryoSerializer(blocks.context().getConf()));
        JavaRDD<byte[]> sliced = JavaPairRDD.fromRDD(
                        shuffled, ClassTag$.MODULE$.apply(Integer.class), ClassTag$.MODULE$.<byte[]>apply(byte[].class))
                .values();
        // Runs the map side (writes the shuffle files); the reduce side reads nothing.
        sliced.mapPartitions((FlatMapFunction<Iterator<byte[]>, byte[]>) it -> Collections.emptyIterator())
                .count();
        return new Slices(sliced, sizes);
    }

    /** Block {@code i} of {@code it} keyed by its slice, {@code first + i / max}. */
    private static Iterator<Tuple2<Integer, byte[]>> keyBySlice(Iterator<byte[]> it, long first, int max) {
        return new Iterator<Tuple2<Integer, byte[]>>() {
            private long i;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Tuple2<Integer, byte[]> next() {
                return new Tuple2<>((int) (first + i++ / max), it.next());
            }
        };
    }

    /**
     * The fetches that bring the blocks to the driver: consecutive partitions share one while together they hold at
     * most
     * {@code max} blocks; empty partitions cost nothing. Each partition must hold at most {@code max} (see
     * {@link #reslice}).
     */
    static List<int[]> fetches(List<Long> blocksPerPartition, int max) {
        List<int[]> out = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        long inGroup = 0;
        for (int p = 0; p < blocksPerPartition.size(); p++) {
            long n = blocksPerPartition.get(p);
            if (n > max) {
                throw new IllegalArgumentException("partition " + p + " holds " + n + " blocks, more than " + max);
            }
            if (n == 0) {
                continue;
            }
            if (inGroup + n > max) {
                out.add(group.stream().mapToInt(Integer::intValue).toArray());
                group.clear();
                inGroup = 0;
            }
            group.add(p);
            inGroup += n;
        }
        if (!group.isEmpty()) {
            out.add(group.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /**
     * Drops every index of the target — its primary key and unique constraints, its other indexes, and the foreign keys
     * of other tables that rely on its key — and returns the statements that build them again, in order: keys, indexes,
     * then the foreign keys. One sorted build after the COPY costs far less than maintaining each index row by row (at
     * scale 10 the primary key alone, random uuids inserted one by one, is most of the emails COPY).
     *
     * <p>Only ever called on an empty table inside the load transaction: the dropped objects take ACCESS EXCLUSIVE
     * locks,
     * so nobody sees the tables without them, and a duplicate makes the rebuild fail and the transaction roll back. The
     * foreign keys that reference an empty table can only hold NULLs, so checking them again is a scan of nothing.
     * Nothing is dropped when the current role does not own the table and every table whose foreign key it would drop
     * (only an owner may).
     */
    static List<String> deferIndexes(Connection c, String table) throws SQLException {
        List<String> dropFks = new ArrayList<>();
        List<String> addFks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_has_role(current_user, t.relowner, 'USAGE'), bool_and(pg_has_role(current_user, "
                        + "ch.relowner, 'USAGE')) "
                        + "FROM pg_class t LEFT JOIN pg_constraint f ON f.confrelid = t.oid AND f.contype = 'f' "
                        + "LEFT JOIN pg_class ch ON ch.oid = f.conrelid WHERE t.oid = ?::regclass "
                        + "GROUP BY t.relowner")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1) || Boolean.FALSE.equals(rs.getObject(2))) {
                    // Only owners may drop indexes and constraints: a role that may only insert keeps them and pays per
                    // row.
                    return List.of();
                }
            }
        }
        ForeignKeys.into(c, table, dropFks, addFks);
        List<String> drop = new ArrayList<>(dropFks);
        List<String> rebuild = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT con.conname, pg_get_constraintdef(con.oid), NULL, NULL FROM pg_constraint con "
                        + "WHERE con.conrelid = ?::regclass AND con.contype IN ('p', 'u') "
                        + "UNION ALL SELECT NULL, NULL, pg_get_indexdef(i.indexrelid), "
                        + "i.indexrelid::regclass::text FROM pg_index i "
                        + "WHERE i.indrelid = ?::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE "
                        + "con.conindid = i.indexrelid "
                        + "AND con.conrelid = i.indrelid) ORDER BY 1 NULLS LAST")) {
            ps.setString(1, table);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        String name = Identifiers.quoteAny(rs.getString(1));
                        drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
                        rebuild.add("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + rs.getString(2));
                    } else {
                        // The definition and the (already quoted) name as two columns: a name may hold any text.
                        drop.add("DROP INDEX " + rs.getString(4));
                        rebuild.add(rs.getString(3));
                    }
                }
            }
        }
        rebuild.addAll(addFks);
        try (Statement st = c.createStatement()) {
            for (String ddl : drop) {
                st.execute(ddl);
            }
        }
        return rebuild;
    }
}
