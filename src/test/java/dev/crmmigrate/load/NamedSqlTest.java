package dev.crmmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statements bind their parameters by name; a jsonb {@code ?} operator, a cast or quoted text is never a parameter. */
class NamedSqlTest {
    @Test
    void namesBecomePlaceholdersAndEverythingElseStaysText() {
        NamedSql sql = NamedSql.parse(
                "SELECT '{}'::jsonb ? 'a', :run_id, ':not_me', \"col:umn\", array_position(:lead_scale, x), :run_id");
        assertThat(sql.jdbc())
                .isEqualTo("SELECT '{}'::jsonb ?? 'a', ?, ':not_me', \"col:umn\", array_position(?, x), ?");
        assertThat(sql.names()).containsExactly("run_id", "lead_scale", "run_id");
    }

    @Test
    void aJsonbOperatorAndANamedParameterRunTogetherOnPostgres() throws Exception {
        Database db = TestDatabase.freshDatabase("named_sql");
        NamedSql sql = NamedSql.parse("SELECT '{\"a\": 1}'::jsonb ? 'a', :label::text || '!'");
        try (Connection c = db.open();
                PreparedStatement ps = c.prepareStatement(sql.jdbc())) {
            sql.bind(ps, Map.of("label", "bound"));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1))
                        .as("the ? operator reached the server as ?")
                        .isTrue();
                assertThat(rs.getString(2)).isEqualTo("bound!");
            }
            assertThatThrownBy(() -> sql.bind(ps, Map.of("other", 1)))
                    .hasMessageContaining("statement parameter :label has no value");
        }
    }

    @Test
    void everyStagedStatementBindsOnlyTheLoadersParameters() {
        for (StagedTable t : StagedTable.values()) {
            for (StagedTable.Statement s : t.statements) {
                assertThat(NamedSql.parse(s.sql()).names())
                        .as("%s %s", t, s.figure())
                        .isSubsetOf(List.of("lead_scale", "email_statuses", "run_id"));
                assertThat(s.sql()).as("%s reads its staging table", s.figure()).contains("{stg}");
            }
        }
    }
}
