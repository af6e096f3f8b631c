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
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario 11, the Spark plan: a partitioned JDBC read carries the password as a connection property;
 * none of its plans (parsed, analyzed, optimized, physical) and no explain output shows it.
 */
class JdbcSourceTest {
  static final String SENTINEL = "Plan-Sent1nel-" + System.nanoTime();

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
