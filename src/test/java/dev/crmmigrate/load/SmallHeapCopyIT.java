package dev.crmmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.DatabaseSettings;
import dev.crmmigrate.config.Rules;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.ChildJvm;
import dev.crmmigrate.support.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenario 17: the first load into an empty CRM takes the direct COPY path, and a driver whose heap is
 * smaller than one partition of the COPY text still loads it. The child JVM has a 512 MiB heap and one staged partition
 * of about 600 MB; it can only pass if the driver holds bounded slices of the encoded partition, never all of it.
 * {@code -XX:+ExitOnOutOfMemoryError} (in conf/spark-jvm.args, as for every crm-migrate JVM) makes a regression fail
 * fast with exit 3 instead of hanging the test.
 */
class SmallHeapCopyIT {
    static final int ROWS = 300_000;
    static final int WIDTH = 2_000;

    @TempDir
    Path dir;

    @Test
    void anEmptyTargetIsLoadedFromOnePartitionLargerThanTheDriverHeap() throws Exception {
        Database db = TestDatabase.freshDatabase("small_heap");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);

        ChildJvm.Outcome child = ChildJvm.run(
                SmallHeapCopyIT.class,
                dir.resolve("child.log"),
                10,
                List.of("-Xmx512m"),
                db.url(),
                dir.resolve("spark").toString(),
                TestDatabase.passwordFile().toString());
        String log = child.log();
        assertThat(child.exit()).as("exit code; the child's log:%n%s", log).isZero();
        assertThat(log).as(log).contains("RESULT people_inserted=" + ROWS + " direct=true");
        assertThat(TestDatabase.count(db, "select count(*) from people")).isEqualTo(ROWS);
        assertThat(TestDatabase.count(db, "select count(distinct id) from people"))
                .isEqualTo(ROWS);
        assertThat(TestDatabase.count(db, "select sum(length(first_name)) from people"))
                .isEqualTo((long) ROWS * WIDTH);
        assertThat(TestDatabase.count(
                        db, "select count(*) from pg_indexes where tablename = 'people' and indexname = 'people_pkey'"))
                .as("the primary key is built again after the COPY")
                .isEqualTo(1);
    }

    static dev.crmmigrate.config.Secret passwordOf(String file) {
        try {
            return dev.crmmigrate.config.Secret.of(
                    java.nio.file.Files.readString(Path.of(file)).strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The child: the staged people in one partition of ~600 MB, loaded by the product's loader into the empty CRM. */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("small-heap-copy")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", args[1])
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        Dataset<Row> people = spark.range(0, ROWS, 1, 1)
                .selectExpr(
                        "format_string('00000000-0000-4000-8000-%012d', id) as id",
                        "concat(lpad(cast(id as string), 10, '0'), repeat('x', " + (WIDTH - 10) + ")) as first_name",
                        "concat('Last', id) as last_name",
                        "array('outreach') as tags",
                        "'cold' as lead_status",
                        "cast(null as string) as user_id",
                        "'{}' as details",
                        "timestamp'2024-01-01 00:00:00' as created_at");
        Map<StagedTable, Dataset<Row>> staged = new EnumMap<>(StagedTable.class);
        staged.put(StagedTable.PEOPLE, people);
        Database db = new Database(
                new DatabaseSettings(args[0], "postgres", Path.of(args[2]), "public", 2, passwordOf(args[2])));
        LoadResult r = new PgLoader(db, Rules.DEFAULT_LEAD_STATUS_SCALE)
                .load("small_heap_run", "test", Instant.now(), staged, Map.of());
        boolean direct = r.paths().get(StagedTable.PEOPLE) == LoadResult.Path.DIRECT_COPY;
        System.out.println("RESULT people_inserted=" + r.actual().get(Figure.PEOPLE_INSERTED) + " direct=" + direct);
        System.out.println(
                "max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; steps " + r.stepSeconds());
        spark.stop();
    }
}
