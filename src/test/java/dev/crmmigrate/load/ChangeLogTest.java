package dev.crmmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.normalize.Emails;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load's statements, wrapped by {@link ChangeLog}, log exactly what they change: the key of each row an insert
 * wrote (not the rows its ON CONFLICT skipped), and for an update the columns it wrote as they were before and after.
 */
class ChangeLogTest {
    static final String KNOWN = "00000000-0000-0000-0000-00000000000a";

    @Test
    void insertsLogTheirKeysAndUpdatesTheirBeforeAndAfterImages() throws Exception {
        Database db = TestDatabase.freshDatabase("changelog");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        TestDatabase.execute(
                db,
                "insert into emails (id, address, status, updated_at) values ('" + KNOWN + "', 'known@example.com', "
                        + "'active', '2026-01-02 03:04:05.678901+00')");
        TestDatabase.execute(
                db,
                "create table stg_emails (id uuid, address text, status text, metadata jsonb); insert into stg_emails "
                        + "values ('00000000-0000-0000-0000-00000000000b', 'new@example.com', 'active', null), "
                        + "('00000000-0000-0000-0000-00000000000c', 'known@example.com', 'bounced', '{\"b\": 1}')");
        long inserted;
        long updated;
        try (Connection c = db.open()) {
            List<StagedTable.Statement> statements = StagedTable.EMAILS.statements;
            inserted = run(c, StagedTable.EMAILS, statements.get(0));
            updated = run(c, StagedTable.EMAILS, statements.get(1));
        }
        assertThat(inserted)
                .as("the new address only; the known one is skipped")
                .isOne();
        assertThat(updated).as("the known address raised to bounced").isOne();
        assertThat(TestDatabase.strings(
                        db,
                        "select concat_ws(' ', run_id, table_name, op, key1, key2) from migration_changes "
                                + "where op = 'I'"))
                .containsExactly("r1 emails I 00000000-0000-0000-0000-00000000000b");
        assertThat(TestDatabase.strings(
                        db,
                        "select concat_ws(' | ', key1, before ->> 'status', before ->> 'updated_at', "
                                + "after ->> 'status', after -> 'metadata') from migration_changes where op = 'U'"))
                .containsExactly(KNOWN + " | active | 2026-01-02T03:04:05.678901+00:00 | bounced | {\"b\": 1}");
    }

    static long run(Connection c, StagedTable table, StagedTable.Statement statement) throws Exception {
        NamedSql sql = NamedSql.parse(
                ChangeLog.logged(table, statement, statement.sql().replace("{stg}", "stg_emails")));
        try (PreparedStatement ps = c.prepareStatement(sql.jdbc())) {
            c.createStatement().execute("SET TimeZone = 'UTC'");
            sql.bind(
                    ps,
                    Map.of("run_id", "r1", "email_statuses", c.createArrayOf("text", Emails.STATUS_ORDER.toArray())));
            return ps.executeUpdate();
        }
    }
}
