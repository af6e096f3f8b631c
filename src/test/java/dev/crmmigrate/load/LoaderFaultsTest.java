package dev.crmmigrate.load;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Faults;
import dev.crmmigrate.config.DatabaseSettings;
import dev.crmmigrate.config.Rules;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.db.EmbeddedServer;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenarios 3 and 4 on the loader itself: Spark tasks that fail after writing part or all of their
 * partition and are retried, a backend terminated in the middle of a COPY and inside the load transaction, and a
 * server killed (SIGKILL, like a power cut) and restarted between the COPY and the transaction. Each ends with no
 * duplicate and nothing half-written, and a re-run converges to the state of an uninterrupted load.
 */
class LoaderFaultsTest {
    static final int ROWS = 400;
    static SparkSession spark;
    static Map<StagedTable, Dataset<Row>> staged;
    static Map<String, String> clean;

    @BeforeAll
    static synchronized void fixtures() {
        if (staged != null) {
            return;
        }
        spark = TestSpark.get();
        Dataset<Row> people = spark.range(0, ROWS, 1, 4)
                .selectExpr(
                        "format_string('00000000-0000-4000-8000-%012d', id) as id",
                        "concat('First', id) as first_name",
                        "concat('Last', id) as last_name",
                        "array('outreach') as tags",
                        "'cold' as lead_status",
                        "cast(null as string) as user_id",
                        "'{}' as details",
                        "timestamp'2024-01-01 00:00:00' as created_at");
        Dataset<Row> emails = spark.range(0, ROWS, 1, 4)
                .selectExpr(
                        "format_string('00000000-0000-5000-8000-%012d', id) as id",
                                "concat('p', id, '@example.com') as address",
                        "'active' as status", "'{}' as metadata");
        staged = new EnumMap<>(StagedTable.class);
        staged.put(StagedTable.PEOPLE, people);
        staged.put(StagedTable.EMAILS, emails);
        Database reference = crm("clean");
        load(reference, "clean_run");
        clean = Checksums.stable(reference);
    }

    /** How often the armed fault fired: a fault that never fires proves nothing. */
    final AtomicInteger fired = new AtomicInteger();

    @AfterEach
    void disarm() {
        Faults.disarm();
    }

    void arm(String point, Runnable action) {
        Faults.arm(point, () -> {
            fired.incrementAndGet();
            action.run();
        });
    }

    static Database crm(String name) {
        Database db = TestDatabase.freshDatabase(name);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        return db;
    }

    static LoadResult load(Database db, String runId) {
        return new PgLoader(db, Rules.DEFAULT_LEAD_STATUS_SCALE).load(runId, "test", Instant.now(), staged, Map.of());
    }

    /** A staging table as the loader makes it, and the copy of the staged people into it. */
    static long copyPeople(Database db) {
        TestDatabase.execute(
                db,
                "CREATE SCHEMA IF NOT EXISTS crm_migrate_stage; CREATE UNLOGGED TABLE IF NOT EXISTS "
                        + "crm_migrate_stage.t_people (_part int, id uuid, first_name text, last_name text, tags "
                        + "text[], lead_status text, "
                        + "user_id uuid, details jsonb, created_at timestamptz)");
        return StagingTables.copy(
                staged.get(StagedTable.PEOPLE),
                "crm_migrate_stage.t_people",
                StagedTable.PEOPLE,
                db.url(),
                db.connectionProperties());
    }

    static void assertStagedOnceEach(Database db, long copied) {
        assertThat(copied).as("rows the loader counts as copied").isEqualTo(ROWS);
        assertThat(count(db, "select count(*) from crm_migrate_stage.t_people"))
                .as("no duplicate")
                .isEqualTo(ROWS);
        assertThat(count(db, "select count(distinct id) from crm_migrate_stage.t_people"))
                .isEqualTo(ROWS);
    }

    static void terminate(Database db, String applicationNamePattern) {
        TestDatabase.execute(
                TestDatabase.database("postgres", "public"),
                "select pg_terminate_backend(pid) from pg_stat_activity where application_name like '"
                        + applicationNamePattern + "' and datname = '"
                        + db.url().replaceAll(".*/", "") + "'");
    }

    @Test
    void aTaskThatFailsAfterCommittingItsPartitionIsRetriedWithoutDuplicates() {
        Database db = crm("retry_after_commit");
        arm("copy:after-commit", () -> {
            throw new IllegalStateException("injected: the task dies after its COPY committed");
        });
        assertStagedOnceEach(db, copyPeople(db));
        assertThat(fired).as("every partition's first attempt failed").hasValue(4);
    }

    @Test
    void aTaskThatFailsBeforeCommittingIsRetriedWithoutDuplicates() {
        Database db = crm("retry_before_commit");
        arm("copy:before-commit", () -> {
            throw new IllegalStateException("injected: the task dies inside its COPY transaction");
        });
        assertStagedOnceEach(db, copyPeople(db));
        assertThat(fired).hasValue(4);
    }

    @Test
    void aBackendTerminatedMidCopyFailsTheTaskWhoseRetryCompletesIt() {
        Database db = crm("terminated_copy");
        // Only this task's own backend: a pattern matching every first attempt would also kill a partition running
        // beside it before it reached this point, and that attempt would fail without the fault having fired.
        arm(
                "copy:started",
                () -> terminate(db, "crm-migrate copy p" + TaskContext.get().partitionId() + " a0"));
        assertStagedOnceEach(db, copyPeople(db));
        assertThat(fired).hasValue(4);
    }

    @Test
    void aBackendTerminatedInsideTheLoadTransactionWritesNothingAndTheReRunConverges() {
        Database db = crm("terminated_load");
        Map<String, String> before = Checksums.of(db);
        arm("load:before-commit", () -> terminate(db, "crm-migrate load"));
        assertThatThrownBy(() -> load(db, "run_1"))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("the load transaction (rolled back, nothing written)")
                .hasMessageContaining("terminat");
        assertThat(Checksums.of(db)).isEqualTo(before);
        assertThat(count(db, "select count(*) from migration_runs")).isZero();
        assertThat(fired).hasValue(1);

        Faults.disarm();
        LoadResult again = load(db, "run_1");
        assertThat(again.actual())
                .containsEntry(Figure.PEOPLE_INSERTED, (long) ROWS)
                .containsEntry(Figure.EMAILS_INSERTED, (long) ROWS);
        assertThat(Checksums.stable(db)).isEqualTo(clean);
    }

    @Test
    void aServerKilledAndRestartedMidRunIsNoticedAndTheReRunConverges(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        EmbeddedServer[] server = {DatabaseSession.startEmbedded(data, 0)};
        int port = server[0].port();
        try {
            Database db = new Database(new DatabaseSettings(
                    server[0].jdbcUrl("postgres"), "postgres", null, "public", 2, server[0].password()));
            SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
            // A CRM that already has people and emails: the staged path (an empty one would take the direct path).
            seedOneOfEach(db);
            Database reference = crm("crash_reference");
            seedOneOfEach(reference);
            load(reference, "run_1");
            arm("load:before-transaction", () -> server[0] = crashAndRestart(server[0], data, port));
            assertThatThrownBy(() -> load(db, "run_1"))
                    .isInstanceOf(Errors.CrmMigrateException.class)
                    .hasMessageContaining("holds 0 rows where 400 were copied")
                    .hasMessageContaining("did the server restart during the load?");
            assertThat(count(db, "select count(*) from people") + count(db, "select count(*) from emails"))
                    .isEqualTo(2);
            assertThat(count(db, "select count(*) from migration_runs")).isZero();
            assertThat(fired).hasValue(1);

            Faults.disarm();
            load(db, "run_1");
            assertThat(Checksums.stable(db)).isEqualTo(Checksums.stable(reference));
        } finally {
            server[0].close();
        }
    }

    static void seedOneOfEach(Database db) {
        TestDatabase.execute(
                db,
                "insert into people (id, first_name) values ('11111111-1111-4111-8111-111111111111', 'Already');"
                        + "insert into emails (id, address) values ('22222222-2222-4222-8222-222222222222', "
                        + "'already@example.com')");
    }

    /** SIGKILL to the postmaster and every backend (a power cut), then a start on the same data: crash recovery. */
    static EmbeddedServer crashAndRestart(EmbeddedServer old, Path data, int port) {
        try {
            long pid = Long.parseLong(
                    Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            try {
                old.close(); // finds no server to stop; releases this JVM's lock on the data directory
            } catch (RuntimeException expected) {
                // the server is gone already
            }
            return DatabaseSession.startEmbedded(data, port);
        } catch (Exception e) {
            throw new IllegalStateException("crash and restart failed: " + e, e);
        }
    }
}
