package dev.crmmigrate.db;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Secrets;
import dev.crmmigrate.config.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One PostgreSQL database with a resolved URL. The password travels in connection {@link Properties}, never in the
 * URL, so the URL can be printed; {@link #safeUrl()} masks anything that looks like a credential anyway.
 */
public record Database(DatabaseSettings settings) {

    public Database {
        if (settings.jdbcUrl() == null || !settings.jdbcUrl().startsWith("jdbc:postgresql:")) {
            throw Errors.config(
                    "jdbc_url '%s' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database",
                    Secrets.scrub(String.valueOf(settings.jdbcUrl())));
        }
    }

    public String url() {
        return settings.jdbcUrl();
    }

    public String schema() {
        return settings.schema();
    }

    /** The URL with credentials masked: safe for logs and reports. */
    public String safeUrl() {
        return Secrets.scrub(settings.jdbcUrl());
    }

    /** Connection properties for pgjdbc and Spark's JDBC source; holds the password. */
    public Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        if (!settings.password().isEmpty()) {
            p.setProperty("password", settings.password().reveal());
        }
        p.setProperty("driver", "org.postgresql.Driver");
        p.setProperty("ApplicationName", "crm-migrate");
        p.setProperty("reWriteBatchedInserts", "true");
        return p;
    }

    /** Whether the configured schema holds a table of this name (a catalogue query). */
    public boolean hasTable(String table) {
        try (Connection c = open();
                PreparedStatement ps = c.prepareStatement(
                        "select 1 from information_schema.tables where table_schema = ? and table_name = ?")) {
            ps.setString(1, schema());
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Errors.database("reading the catalogue", safeUrl(), e);
        }
    }

    /** A new connection with {@code search_path} set to the configured schema. */
    public Connection open() {
        try {
            Connection c = DriverManager.getConnection(url(), connectionProperties());
            try (var st = c.createStatement()) {
                st.execute("SET search_path TO " + dev.crmmigrate.config.Identifiers.quote(schema()) + ", public");
            }
            return c;
        } catch (SQLException e) {
            throw Errors.database("connecting", safeUrl(), e);
        }
    }
}
