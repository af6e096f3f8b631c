package dev.crmmigrate.load;

import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Signups (through the signup trigger) may create a person for an address after the plan decided to create one: the
 * plan's person would be a second person for the same email. Inside the load transaction, with new email rows locked
 * out until it commits, every planned new person whose address now has a person is matched to that person (the
 * earliest created) instead: its links, mapping and enrichment are re-pointed there and it is not created.
 */
final class LateMatches {
    private LateMatches() {}

    /** Whether the load must look for late matches: new people and their email links go through staging. */
    static boolean needed(Set<StagedTable> staged) {
        return staged.contains(StagedTable.PEOPLE) && staged.contains(StagedTable.PERSON_EMAILS);
    }

    /**
     * Re-points the planned people that a signup created meanwhile, in the staging tables, inside the load's
     * transaction {@code c}.
     *
     * @param staged the tables staged for this load (the ones that hold rows)
     * @return how many planned people were matched late
     */
    static long match(Connection c, StagingTables stage, Set<StagedTable> staged) throws SQLException {
        try (Statement st = c.createStatement()) {
            // Blocks the trigger's INSERT INTO emails (and any other writer of emails) until this transaction ends.
            st.execute("LOCK TABLE emails IN SHARE ROW EXCLUSIVE MODE");
            String people = stage.name(StagedTable.PEOPLE);
            st.execute("CREATE TEMP TABLE crm_migrate_late ON COMMIT DROP AS "
                    + "SELECT DISTINCT ON (sp.id) sp.id AS staged_id, pe.person_id AS existing_id FROM " + people
                    + " sp JOIN " + stage.name(StagedTable.PERSON_EMAILS) + " se ON se.person_id = sp.id "
                    + "JOIN emails e ON e.address = se.address JOIN person_emails pe ON pe.email_id = e.id "
                    + "JOIN people p ON p.id = pe.person_id "
                    + "WHERE pe.person_id <> sp.id AND NOT EXISTS (SELECT 1 FROM people x WHERE x.id = sp.id) "
                    + "ORDER BY sp.id, p.created_at, p.id");
            long late;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM crm_migrate_late")) {
                rs.next();
                late = rs.getLong(1);
            }
            if (late == 0) {
                return 0;
            }
            if (staged.contains(StagedTable.PERSON_ENRICHMENT)) {
                st.execute("INSERT INTO " + stage.name(StagedTable.PERSON_ENRICHMENT)
                        + " (_part, person_id, tags, lead_status, user_id) "
                        + "SELECT -1, l.existing_id, sp.tags, sp.lead_status, sp.user_id FROM crm_migrate_late l JOIN "
                        + people
                        + " sp ON sp.id = l.staged_id");
            }
            for (StagedTable t : List.of(
                    StagedTable.PERSON_EMAILS,
                    StagedTable.PERSON_PHONES,
                    StagedTable.PERSON_ORGANIZATIONS,
                    StagedTable.CONTACT_MAP)) {
                if (staged.contains(t)) {
                    st.execute("UPDATE " + stage.name(t) + " s SET person_id = l.existing_id FROM crm_migrate_late l "
                            + "WHERE s.person_id = l.staged_id");
                }
            }
            st.execute("DELETE FROM " + people + " sp USING crm_migrate_late l WHERE sp.id = l.staged_id");
            return late;
        }
    }
}
