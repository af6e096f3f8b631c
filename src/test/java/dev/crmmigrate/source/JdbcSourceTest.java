package dev.crmmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.DatabaseSettings;
import dev.crmmigrate.config.Secret;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Partitioned reads cover every row exactly once, whatever the key hashes to. Reliability scenario 11, the Spark plan: a partitioned JDBC read carries the password as a connection property;
 * none of its plans (parsed, analyzed, optimized, physical) and no explain output shows it.
 */
class JdbcSourceTest {
  static final String SENTINEL = "Plan-Sent1nel-" + System.nanoTime();

  /** {@code hashtext('Pvy3B100')} is -2^31, whose {@code abs()} overflows an integer (found by brute force). */
  static final String MIN_HASH_KEY = "Pvy3B100";

  @Test
  void aKeyThatHashesToTheSmallestIntegerIsReadLikeAnyOther() throws Exception {
    Database db = TestDatabase.freshDatabase("min_hash");
    try (Connection c = db.open(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE keyed (k text PRIMARY KEY, v int)");
      st.execute("INSERT INTO keyed VALUES ('" + MIN_HASH_KEY + "', 1), ('a', 2), ('b', 3), ('c', 4), ('d', 5)");
      try (ResultSet rs = st.executeQuery("SELECT hashtext('" + MIN_HASH_KEY + "')")) {
        rs.next();
        assertThat(rs.getInt(1)).as("the fixture key must hash to -2^31").isEqualTo(Integer.MIN_VALUE);
      }
    }
    for (int partitions : new int[] {1, 2, 3, 7}) {
      DatabaseSettings d = db.settings();
      Database split = new Database(new DatabaseSettings(d.jdbcUrl(), d.user(), null, d.schema(), partitions, null));
      Dataset<Row> rows = JdbcSource.read(TestSpark.get(), split, "keyed", "k");
      assertThat(rows.count()).as("rows read with %d partitions", partitions).isEqualTo(5);
      assertThat(rows.where("k = '" + MIN_HASH_KEY + "'").count()).isEqualTo(1);
    }
  }

  @Test
  void theSparkPlanOfAPartitionedReadNeverShowsThePassword() {
    Database plain = TestDatabase.freshDatabase("plan_secret");
    SchemaMigrator.migrate(plain, SchemaMigrator.Location.CRM);
    DatabaseSettings s = plain.settings();
    Database withPassword = new Database(new DatabaseSettings(s.jdbcUrl(), s.user(), null, s.schema(), 2, Secret.of(SENTINEL)));
    assertThat(withPassword.connectionProperties().getProperty("password")).isEqualTo(SENTINEL);

    Dataset<Row> people = JdbcSource.read(TestSpark.get(), withPassword, "people", "id");
    assertThat(people.count()).isZero();
    assertThat(people.queryExecution().toString()).contains("JDBCRelation").doesNotContain(SENTINEL);
    assertThat(people.queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$))
        .doesNotContain(SENTINEL);
    assertThat(people.inputFiles()).allSatisfy(f -> assertThat(f).doesNotContain(SENTINEL));
  }
}
