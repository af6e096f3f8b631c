package dev.crmmigrate.load;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.Checksums;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The maintenance-window load: the foreign keys of each table the transaction inserts into are checked once after its
 * statements instead of per row. It writes the same rows and leaves every constraint as it was; a role that does not
 * own the tables keeps the per-row checks.
 */
class ForeignKeysOnceTest {
    private static final String PERSON_EMAILS_ONCE = "foreign keys of person_emails checked once";

    /** The loader fixture's people and emails, and a link from each person to the email of the same number. */
    static Map<StagedTable, Dataset<Row>> withLinks() {
        LoaderFaultsTest.fixtures();
        Map<StagedTable, Dataset<Row>> staged = new EnumMap<>(LoaderFaultsTest.staged);
        staged.put(
                StagedTable.PERSON_EMAILS,
                LoaderFaultsTest.spark
                        .range(0, LoaderFaultsTest.ROWS, 1, 4)
                        .selectExpr(
                                "format_string('00000000-0000-4000-8000-%012d', id) as person_id",
                                "concat('p', id, '@example.com') as address", "'test' as source"));
        return staged;
    }

    /** A CRM whose people and emails already hold a row: the staged path, where the per-row checks happen. */
    static Database crmInUse(String name) {
        Database db = LoaderFaultsTest.crm(name);
        LoaderFaultsTest.seedOneOfEach(db);
        return db;
    }

    /** The CRM's rows as checksums; not {@code created_at}, which the seeded person takes from the clock. */
    static Map<String, String> rows(Database db) {
        return Checksums.of(
                db,
                Map.of(
                        "people", "id, first_name, last_name, tags, lead_status, user_id, details",
                        "emails", "id, address, status, metadata",
                        "person_emails", "person_id, email_id, source"));
    }

    @Test
    void checkedOnceWritesTheSameRowsAndLeavesEveryConstraintAsItWas() {
        Map<StagedTable, Dataset<Row>> staged = withLinks();
        Database perRow = crmInUse("fk_per_row");
        Database once = crmInUse("fk_once");
        List<String> before = DirectCopyTest.catalogue(once);

        LoadResult a = new PgLoader(perRow, Rules.DEFAULT_LEAD_STATUS_SCALE)
                .load("run_1", "test", Instant.now(), staged, Map.of());
        LoadResult b = new PgLoader(once, Rules.DEFAULT_LEAD_STATUS_SCALE, true)
                .load("run_1", "test", Instant.now(), staged, Map.of());

        assertThat(a.stepSeconds()).doesNotContainKey(PERSON_EMAILS_ONCE);
        assertThat(b.stepSeconds()).containsKey(PERSON_EMAILS_ONCE);
        assertThat(b.actual()).isEqualTo(a.actual()).containsEntry(Figure.PERSON_EMAILS_INSERTED, (long)
                LoaderFaultsTest.ROWS);
        assertThat(DirectCopyTest.catalogue(once))
                .as("every foreign key dropped for the statements is there again, as it was")
                .isEqualTo(before)
                .contains("person_emails person_emails_email_id_fkey FOREIGN KEY (email_id) REFERENCES emails(id)");
        assertThat(rows(once)).isEqualTo(rows(perRow));

        LoadResult again = new PgLoader(once, Rules.DEFAULT_LEAD_STATUS_SCALE, true)
                .load("run_2", "test", Instant.now(), staged, Map.of());
        assertThat(again.actual().values()).as("a re-run changes nothing").allMatch(v -> v == 0L);
    }

    @Test
    void aRoleThatDoesNotOwnTheTablesKeepsThePerRowChecks() {
        Map<StagedTable, Dataset<Row>> staged = withLinks();
        Database owned = crmInUse("fk_not_owner");
        Database writer = DirectCopyTest.writerOf(owned);

        LoadResult r = new PgLoader(writer, Rules.DEFAULT_LEAD_STATUS_SCALE, true)
                .load("run_1", "test", Instant.now(), staged, Map.of());

        assertThat(r.stepSeconds()).doesNotContainKey(PERSON_EMAILS_ONCE);
        assertThat(r.actual()).containsEntry(Figure.PERSON_EMAILS_INSERTED, (long) LoaderFaultsTest.ROWS);
        assertThat(count(
                        owned,
                        "select count(*) from pg_constraint where conrelid = 'person_emails'::regclass "
                                + "and contype = 'f'"))
                .isEqualTo(2);
    }
}
