package dev.crmmigrate.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A PostgreSQL database. The password is never part of the configuration file or the command line: it comes from
 * the environment variable named by the loader ({@code CRM_DB_PASSWORD}, {@code CRM_SOURCE_DB_PASSWORD}) or from
 * {@code password_file}; {@link ConfigLoader} resolves it into a {@link Secret}.
 *
 * @param jdbcUrl        {@code jdbc:postgresql://host:port/db}; null means the embedded database
 * @param user           database user; default {@code postgres}
 * @param passwordFile   a file holding the password (first line), readable by the owner only
 * @param schema         schema of the CRM (or legacy) tables; default {@code public}
 * @param readPartitions partitions of a JDBC table read; default 8
 * @param password       resolved at load time; never serialized or printed
 */
public record DatabaseSettings(
        String jdbcUrl,
        String user,
        Path passwordFile,
        String schema,
        Integer readPartitions,
        @JsonIgnore Secret password) {

    public DatabaseSettings {
        user = Objects.requireNonNullElse(user, "postgres");
        schema = Identifiers.requireValid("schema", Objects.requireNonNullElse(schema, "public"));
        readPartitions = Objects.requireNonNullElse(readPartitions, 8);
        password = Objects.requireNonNullElse(password, Secret.NONE);
    }

    static DatabaseSettings defaults() {
        return new DatabaseSettings(null, null, null, null, null, null);
    }

    /** The same database with another URL (used when the embedded server has started). */
    public DatabaseSettings withJdbcUrl(String url) {
        return new DatabaseSettings(url, user, passwordFile, schema, readPartitions, password);
    }

    /** The same database with a resolved password (the embedded server's comes from its owner-only file). */
    public DatabaseSettings withPassword(Secret secret) {
        return new DatabaseSettings(jdbcUrl, user, passwordFile, schema, readPartitions, secret);
    }
}
