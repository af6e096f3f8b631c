package dev.crmmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.config.DatabaseSettings;
import dev.crmmigrate.config.Secret;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestSpark;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Partitioned reads cover every row exactly once, whatever the key hashes to. Reliability scenario 11, the Spark plan:
 * a partitioned JDBC read carries the password as a connection property;
 * none of its plans (parsed, analyzed, optimized, physical) and no explain output shows it.
 */
class JdbcSourceTest {
    static final String SENTINEL = "Plan-Sent1nel-" + System.nanoTime();

    /** {@code hashtext('Pvy3B100')} is -2^31, whose {@code abs()} overflows an integer (found by brute force). */
    static final String MIN_HASH_KEY = "Pvy3B100";

    @Test
    void aKeyThatHashesToTheSmallestIntegerIsReadLikeAnyOther() throws Exception {
        Database db = TestDatabase.freshDatabase("min_hash");
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE keyed (k text PRIMARY KEY, v int)");
            st.execute("INSERT INTO keyed VALUES ('" + MIN_HASH_KEY + "', 1), ('a', 2), ('b', 3), ('c', 4), ('d', 5)");
            try (ResultSet rs = st.executeQuery("SELECT hashtext('" + MIN_HASH_KEY + "')")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the fixture key must hash to -2^31")
                        .isEqualTo(Integer.MIN_VALUE);
            }
        }
        for (int partitions : new int[] {1, 2, 3, 7}) {
            Dataset<Row> rows = JdbcSource.query(TestSpark.get(), db, "public.keyed", "k", partitions);
            assertThat(rows.rdd().getNumPartitions()).isEqualTo(partitions);
            assertThat(rows.count())
                    .as("rows read with %d partitions", partitions)
                    .isEqualTo(5);
            assertThat(rows.where("k = '" + MIN_HASH_KEY + "'").count()).isEqualTo(1);
        }
    }

    @Test
    void theSparkPlanOfAPartitionedReadNeverShowsThePassword() {
        Database plain = TestDatabase.freshDatabase("plan_secret");
        SchemaMigrator.migrate(plain, SchemaMigrator.Location.CRM);
        DatabaseSettings s = plain.settings();
        // A role whose password is the sentinel: the embedded server checks every password.
        TestDatabase.execute(
                plain,
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_secret') THEN "
                        + "CREATE ROLE plan_secret LOGIN SUPERUSER PASSWORD '" + SENTINEL + "'; END IF; END $$");
        Database withPassword = new Database(
                new DatabaseSettings(s.jdbcUrl(), "plan_secret", null, s.schema(), 2, Secret.of(SENTINEL)));
        assertThat(withPassword.connectionProperties().getProperty("password")).isEqualTo(SENTINEL);

        Dataset<Row> people = JdbcSource.read(TestSpark.get(), withPassword, "people", "id");
        assertThat(people.count()).isZero();
        assertThat(people.queryExecution().toString()).contains("JDBCRelation").doesNotContain(SENTINEL);
        assertThat(people.queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$))
                .doesNotContain(SENTINEL);
        assertThat(people.inputFiles()).allSatisfy(f -> assertThat(f).doesNotContain(SENTINEL));
    }

    @Test
    void partitionsAreSizedToTheTableUpToReadPartitions() {
        assertThat(JdbcSource.partitionsFor(0, 8)).isEqualTo(1);
        assertThat(JdbcSource.partitionsFor(32_584, 8))
                .as("the field report's contacts: one scan, not eight")
                .isEqualTo(1);
        assertThat(JdbcSource.partitionsFor(325_840, 8)).isEqualTo(2);
        assertThat(JdbcSource.partitionsFor(3_258_400, 8))
                .as("capped by read_partitions")
                .isEqualTo(8);
        assertThat(JdbcSource.partitionsFor(3_258_400, 16)).isEqualTo(14);

        Database db = TestDatabase.freshDatabase("sized");
        TestDatabase.execute(
                db,
                "CREATE TABLE wide (k text PRIMARY KEY, pad text); ALTER TABLE wide SET (autovacuum_enabled = off); "
                        + "INSERT INTO wide SELECT 'k' || g, repeat('x', 200) FROM generate_series(1, 60000) g");
        long unanalyzed = JdbcSource.estimatedRows(db, "public.wide");
        assertThat(unanalyzed).as("never analyzed: estimated from its size").isBetween(30_000L, 120_000L);
        TestDatabase.execute(db, "ANALYZE wide");
        assertThat(JdbcSource.estimatedRows(db, "public.wide"))
                .as("analyzed: the planner's estimate")
                .isEqualTo(60_000L);
        assertThat(JdbcSource.read(TestSpark.get(), db, "wide", "k").rdd().getNumPartitions())
                .isEqualTo(1);
        assertThatThrownBy(() -> JdbcSource.estimatedRows(db, "public.nowhere"))
                .as("a missing table is an error, not a guess")
                .hasMessageContaining("cannot read the size of public.nowhere");
    }
}
