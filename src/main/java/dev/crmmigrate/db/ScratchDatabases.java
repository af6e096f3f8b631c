package dev.crmmigrate.db;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.DatabaseSettings;
import dev.crmmigrate.config.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Databases that a benchmark creates beside the target on its server, empty or as a copy of another: dropped and made
 * again each time, with the connection settings of the target.
 */
public final class ScratchDatabases {
    private ScratchDatabases() {}

    /** Drops and creates an empty database {@code name} on the server of {@code admin}; returns it. */
    public static Database fresh(Database admin, String name) {
        return create(admin, name, null);
    }

    /**
     * A copy of {@code source} named {@code name} (no one else may be connected to the source: the idle sessions of
     * this process are ended first).
     */
    public static Database copyOf(Database admin, Database source, String name) {
        return create(admin, name, databaseName(source));
    }

    private static Database create(Database admin, String name, String template) {
        String db = Identifiers.requireValid("database", name);
        try (Connection c = admin.open();
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            if (template != null) {
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? "
                                + "AND pid <> pg_backend_pid()")) {
                    ps.setString(1, template);
                    ps.execute();
                }
                st.execute("CREATE DATABASE " + db + " TEMPLATE " + Identifiers.requireValid("database", template));
            } else {
                st.execute("CREATE DATABASE " + db);
            }
        } catch (SQLException e) {
            throw Errors.database("creating scratch database " + db, admin.safeUrl(), e);
        }
        String url = admin.url().replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
        DatabaseSettings s = admin.settings();
        return new Database(
                new DatabaseSettings(url, s.user(), s.passwordFile(), s.schema(), s.readPartitions(), s.password()));
    }

    private static String databaseName(Database db) {
        return db.url().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
    }
}
