package dev.crmmigrate.support;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.config.DatabaseSettings;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.DatabaseSession;
import dev.crmmigrate.db.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** One embedded PostgreSQL per test JVM, on a free port; tests isolate themselves with databases or schemas. */
public final class TestDatabase {
    private static EmbeddedServer server;
    private static int created;
    private static Path dataDir;

    private TestDatabase() {}

    public static synchronized EmbeddedServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("crm-migrate-test-pg");
                dataDir = dir.resolve("data");
                server = DatabaseSession.startEmbedded(dataDir, 0);
                // Stopped, then deleted (in one hook: hooks run in no order): a run's server holds gigabytes.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (RuntimeException ignored) {
                        // the JVM is going away
                    }
                    TempDirs.delete(dir);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /**
     * Gives a child process the shared server's password the way a user gives it to crm-migrate: in
     * {@code CRM_DB_PASSWORD}, never on the command line. Nothing when this JVM has not started the server.
     */
    public static synchronized void passwordEnvironment(java.util.Map<String, String> env) {
        if (server != null) {
            env.put("CRM_DB_PASSWORD", server.password().reveal());
        }
    }

    /** The owner-only file holding the shared server's password. */
    public static Path passwordFile() {
        server();
        return EmbeddedServer.passwordFile(dataDir);
    }

    /** A new, empty database on the shared server. */
    public static synchronized Database freshDatabase(String prefix) {
        String name = prefix + "_" + (++created);
        try (Connection c = server().postgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return database(name, "public");
    }

    /** A new database that is a copy of {@code template} (which must have no open connections). */
    public static synchronized Database copyOf(String template, String prefix) {
        String name = prefix + "_" + (++created);
        try (Connection c = server().postgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return database(name, "public");
    }

    public static Database database(String dbName, String schema) {
        return new Database(
                new DatabaseSettings(server().jdbcUrl(dbName), "postgres", null, schema, 2, server().password()));
    }

    /** A configuration whose target is the given database and whose work directory is a new temporary folder. */
    public static CrmConfig configFor(Database db, Path workDir) {
        return CrmConfig.defaults().withWorkDir(workDir).withTarget(db.settings());
    }

    public static long count(Database db, String sql) {
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row, as text. */
    public static List<String> strings(Database db, String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void execute(Database db, String sql) {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
