package dev.crmmigrate.load;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Faults;
import dev.crmmigrate.config.DatabaseSettings;
import dev.crmmigrate.config.Rules;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestSpark;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The initial-load path: an empty target takes its rows by a COPY inside the load transaction, with its secondary
 * indexes rebuilt; the result is row for row what the staged path writes, and a target that fills up between the
 * first look and the transaction falls back to the staged path.
 */
class DirectCopyTest {
    @AfterEach
    void disarm() {
        Faults.disarm();
    }

    static LoadResult load(Database db, String runId) {
        return new PgLoader(db, Rules.DEFAULT_LEAD_STATUS_SCALE)
                .load(runId, "test", Instant.now(), LoaderFaultsTest.staged, Map.of());
    }

    /** People and emails other than the one seeded row of each, as checksums. */
    static Map<String, String> loadedRows(Database db) {
        return Checksums.of(
                db,
                Map.of(
                        "people", "id, first_name, last_name, tags, lead_status, user_id, details, created_at",
                        "emails", "id, address, status, metadata"));
    }

    /** The same database as role {@code crm_writer}, which may read and write the CRM tables but owns none of them. */
    static Database writerOf(Database owned) {
        String name = owned.url().replaceAll(".*/", "");
        TestDatabase.execute(
                owned,
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_writer') THEN "
                        + "CREATE ROLE crm_writer LOGIN PASSWORD 'crm-writer-test'; END IF; END $$; "
                        + "GRANT CREATE ON DATABASE " + name
                        + " TO crm_writer; GRANT USAGE ON SCHEMA public TO crm_writer; "
                        + "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO crm_writer");
        DatabaseSettings s = owned.settings();
        return new Database(new DatabaseSettings(
                s.jdbcUrl(), "crm_writer", null, s.schema(), 2, dev.crmmigrate.config.Secret.of("crm-writer-test")));
    }

    /** Every key, index and foreign key of the schema, as its definition. */
    static List<String> catalogue(Database db) {
        return TestDatabase.strings(
                db,
                "select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint "
                        + "where connamespace = 'public'::regnamespace and contype in ('p', 'u', 'f') union all "
                        + "select indexdef from pg_indexes where schemaname = 'public' order by 1");
    }

    @Test
    void anEmptyTargetIsCopiedDirectlyAndEqualsTheStagedPath() {
        LoaderFaultsTest.fixtures();
        Database direct = LoaderFaultsTest.crm("direct");
        List<String> before = catalogue(direct);
        LoadResult d = load(direct, "run_1");
        assertThat(catalogue(direct))
                .as("keys, indexes and the foreign keys that reference them are all built again")
                .isEqualTo(before)
                .contains("person_emails person_emails_person_id_fkey FOREIGN KEY (person_id) REFERENCES people(id) ON "
                        + "DELETE CASCADE");
        assertThat(d.paths())
                .containsEntry(StagedTable.PEOPLE, LoadResult.Path.DIRECT_COPY)
                .containsEntry(StagedTable.EMAILS, LoadResult.Path.DIRECT_COPY);
        assertThat(d.actual())
                .containsEntry(Figure.PEOPLE_INSERTED, (long) LoaderFaultsTest.ROWS)
                .containsEntry(Figure.EMAILS_INSERTED, (long) LoaderFaultsTest.ROWS)
                .containsEntry(Figure.EMAIL_STATUSES_UPDATED, 0L);
        assertThat(count(
                        direct,
                        "select count(*) from pg_indexes where tablename = 'emails' and indexname = "
                                + "'emails_address_key'"))
                .as("the unique index is built again")
                .isEqualTo(1);
        assertThat(count(
                        direct,
                        "select count(*) from pg_indexes where tablename = 'people' and indexname = "
                                + "'people_user_id_idx'"))
                .isEqualTo(1);

        Database staged = LoaderFaultsTest.crm("staged");
        LoaderFaultsTest.seedOneOfEach(staged);
        LoadResult s = load(staged, "run_1");
        assertThat(s.paths()).containsEntry(StagedTable.PEOPLE, LoadResult.Path.STAGED);
        TestDatabase.execute(
                staged,
                "delete from people where first_name = 'Already'; delete from emails where address = "
                        + "'already@example.com'");
        assertThat(loadedRows(direct)).isEqualTo(loadedRows(staged));

        LoadResult again = load(direct, "run_2");
        assertThat(again.actual().values())
                .as("a re-run into the now full target changes nothing")
                .allMatch(v -> v == 0L);
    }

    @Test
    void aDuplicateKeyFailsTheRebuiltPrimaryKeyAndNothingIsWritten() {
        LoaderFaultsTest.fixtures();
        Database db = LoaderFaultsTest.crm("duplicate");
        List<String> before = catalogue(db);
        Map<StagedTable, Dataset<Row>> twice = new EnumMap<>(StagedTable.class);
        twice.put(
                StagedTable.PEOPLE,
                LoaderFaultsTest.staged
                        .get(StagedTable.PEOPLE)
                        .limit(3)
                        .unionAll(
                                LoaderFaultsTest.staged.get(StagedTable.PEOPLE).limit(3)));
        Assertions.assertThatThrownBy(() -> new PgLoader(db, Rules.DEFAULT_LEAD_STATUS_SCALE)
                        .load("run_1", "test", Instant.now(), twice, Map.of()))
                .hasMessageContaining("rolled back, nothing written")
                .hasMessageContaining("people_pkey");
        assertThat(count(db, "select count(*) from people")).isZero();
        assertThat(catalogue(db))
                .as("the dropped keys come back with the rollback")
                .isEqualTo(before);
    }

    @Test
    void aRoleThatMayOnlyWriteTheTablesCopiesDirectlyWithoutTouchingTheIndexes() {
        LoaderFaultsTest.fixtures();
        Database owned = LoaderFaultsTest.crm("not_owner");
        Database writer = writerOf(owned);
        LoadResult r = new PgLoader(writer, Rules.DEFAULT_LEAD_STATUS_SCALE)
                .load("run_1", "test", Instant.now(), LoaderFaultsTest.staged, Map.of());
        assertThat(r.paths()).containsEntry(StagedTable.EMAILS, LoadResult.Path.DIRECT_COPY);
        assertThat(r.actual()).containsEntry(Figure.EMAILS_INSERTED, (long) LoaderFaultsTest.ROWS);
        assertThat(count(
                        owned,
                        "select count(*) from pg_indexes where tablename = 'emails' and indexname = "
                                + "'emails_address_key'"))
                .isEqualTo(1);
    }

    @Test
    void aTargetFilledBeforeTheTransactionTakesTheStagedPath() {
        LoaderFaultsTest.fixtures();
        Database db = LoaderFaultsTest.crm("race");
        Faults.arm("load:before-transaction", () -> LoaderFaultsTest.seedOneOfEach(db));
        LoadResult r = load(db, "run_1");
        assertThat(r.paths())
                .as("another writer filled the targets after the first look")
                .containsEntry(StagedTable.PEOPLE, LoadResult.Path.STAGED)
                .containsEntry(StagedTable.EMAILS, LoadResult.Path.STAGED);
        assertThat(r.actual()).containsEntry(Figure.PEOPLE_INSERTED, (long) LoaderFaultsTest.ROWS);
        assertThat(count(db, "select count(*) from people")).isEqualTo(LoaderFaultsTest.ROWS + 1);
        assertThat(count(db, "select count(*) from emails")).isEqualTo(LoaderFaultsTest.ROWS + 1);
    }

    @Test
    void smallPartitionsShareAFetchAndEmptyOnesCostNone() {
        assertThat(DirectCopy.fetches(List.of(1L, 0L, 2L, 1L, 3L, 0L, 4L), 4))
                .containsExactly(new int[] {0, 2, 3}, new int[] {4}, new int[] {6});
        assertThat(DirectCopy.fetches(List.of(0L, 0L), 4)).isEmpty();
        assertThatThrownBy(() -> DirectCopy.fetches(List.of(5L), 4))
                .hasMessageContaining("partition 0 holds 5 blocks, more than 4");
    }

    @Test
    void aPartitionBiggerThanOneFetchIsCutIntoSlicesThatHoldEveryBlockOnce() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(TestSpark.get().sparkContext());
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            blocks.add(("block " + i).getBytes(StandardCharsets.UTF_8));
        }
        // Partition 0 holds 7 blocks, partition 1 holds 2.
        JavaRDD<byte[]> rdd = sc.parallelize(blocks, 1)
                .union(sc.parallelize(blocks.subList(7, 9), 1))
                .mapPartitionsWithIndex(
                        (p, it) -> {
                            List<byte[]> out = new ArrayList<>();
                            it.forEachRemaining(out::add);
                            return (p == 0 ? out.subList(0, 7) : out).iterator();
                        },
                        true);
        DirectCopy.Slices s = DirectCopy.reslice(rdd, List.of(7L, 2L), 3);
        assertThat(s.sizes()).containsExactly(3L, 3L, 1L, 2L);
        assertThat(s.rdd().getNumPartitions()).isEqualTo(4);
        List<String> got = new ArrayList<>();
        for (int[] fetch : DirectCopy.fetches(s.sizes(), 3)) {
            for (List<byte[]> part : s.rdd().collectPartitions(fetch)) {
                assertThat(part.size()).as("no fetch holds more than the bound").isLessThanOrEqualTo(3);
                part.forEach(b -> got.add(new String(b, StandardCharsets.UTF_8)));
            }
        }
        assertThat(got)
                .containsExactlyInAnyOrder(blocks.stream()
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .toArray(String[]::new));
    }
}
