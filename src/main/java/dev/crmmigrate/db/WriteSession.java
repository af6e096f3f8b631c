package dev.crmmigrate.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one way a step that writes the CRM opens its transaction: the load, a rollback, a follow-up and a merge. Each
 * holds the same advisory lock until it ends, so no two of them interleave (a second one waits); each compares and
 * writes the change log's images in the same time zone; each sorts and hashes in memory.
 */
public final class WriteSession {
    /** The advisory lock every writing step takes (its key is {@code hashtext} of this). */
    static final String LOCK = "crm-migrate-load";

    private WriteSession() {}

    /**
     * A connection in an open transaction, named {@code crm-migrate <step>} in {@code pg_stat_activity}, holding the
     * write lock. The caller commits or rolls back and closes it.
     */
    public static Connection begin(Database db, String step) throws SQLException {
        Connection c = db.open();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT set_config('application_name', ?, false), pg_advisory_xact_lock(hashtext(?))")) {
                ps.setString(1, "crm-migrate " + step);
                ps.setString(2, LOCK);
                ps.execute();
            }
            try (Statement st = c.createStatement()) {
                // The change log's images are compared as text by a rollback: always in the same time zone.
                st.execute("SET LOCAL TimeZone = 'UTC'");
                // The statements sort and hash whole staged tables: in memory, not in temporary files.
                st.execute("SET LOCAL work_mem = '256MB'");
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
