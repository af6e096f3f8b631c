package dev.crmmigrate.load;

import static dev.crmmigrate.support.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.TestDatabase;
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
}
