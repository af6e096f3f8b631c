package dev.crmmigrate.load;

import static dev.crmmigrate.support.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field limits, declared once, are checked against the target's indexes before anything is written. */
class PreflightLimitsTest {
    @Test
    void theCrmSchemaHoldsEveryLimitAndAnIndexThatCannotIsNamedBeforeTheLoad() {
        Database db = TestDatabase.freshDatabase("preflight_limits");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        assertThatCode(() -> Preflight.check(db, StagedTable.all())).doesNotThrowAnyException();

        execute(db, "CREATE INDEX properties_name_idx ON properties (name)");
        assertThatThrownBy(() -> Preflight.check(db, StagedTable.all()))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("btree index properties_name_idx on properties.name holds at most 2,704 bytes")
                .hasMessageContaining("2,000 characters (up to 8,000 bytes)")
                .hasMessageContaining("nothing was written");
    }

    @Test
    void aMissingColumnAMistypedOneAndAMissingConflictKeyAreAllNamedAtOnce() {
        Database db = TestDatabase.freshDatabase("preflight_schema");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        execute(
                db,
                "ALTER TABLE people DROP COLUMN lead_status; ALTER TABLE phones ALTER COLUMN number TYPE varchar(40); "
                        + "ALTER TABLE emails DROP CONSTRAINT emails_address_key");
        assertThatThrownBy(() -> Preflight.check(db, StagedTable.all()))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("column people.lead_status does not exist (expected type text)")
                .hasMessageContaining("column phones.number has type varchar, expected text")
                .hasMessageContaining("table emails has no unique index on (address) (the upsert relies on it)");
        assertThatCode(() -> Preflight.check(db, List.of(StagedTable.CONTACT_MAP)))
                .as("a load that writes none of those tables is not stopped by them")
                .doesNotThrowAnyException();
    }
}
