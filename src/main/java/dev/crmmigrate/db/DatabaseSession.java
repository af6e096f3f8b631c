package dev.crmmigrate.db;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.config.EmbeddedSettings;
import java.nio.file.Path;

/**
 * The databases of one invocation: the configured target (and source), or the embedded PostgreSQL when no target
 * URL is configured. The embedded server keeps its data directory under the work directory, so a second run sees
 * the first one's result; it stops when the session closes.
 */
public final class DatabaseSession implements AutoCloseable {
    private final EmbeddedServer embedded;
    private final Database target;
    private final Database source;

    private DatabaseSession(EmbeddedServer embedded, Database target, Database source) {
        this.embedded = embedded;
        this.target = target;
        this.source = source;
    }

    public static DatabaseSession open(CrmConfig config) {
        if (!config.usesEmbeddedDatabase()) {
            Database target = new Database(config.target());
            Database source = config.source().jdbcUrl() == null ? target : new Database(config.source());
            return new DatabaseSession(null, target, source);
        }
        EmbeddedServer pg = EmbeddedServer.start(
                config.embeddedDataDir(),
                config.embedded().port(),
                config.embedded().binariesDir());
        Database target =
                new Database(config.target().withJdbcUrl(pg.jdbcUrl("postgres")).withPassword(pg.password()));
        Database source = config.source().jdbcUrl() == null ? target : new Database(config.source());
        return new DatabaseSession(pg, target, source);
    }

    /** Starts (or restarts on its existing data directory) the embedded PostgreSQL 17, locked to this account. */
    public static EmbeddedServer startEmbedded(Path dataDir, int port) {
        return EmbeddedServer.start(dataDir, port, EmbeddedSettings.defaultBinariesDir());
    }

    public Database target() {
        return target;
    }

    public Database source() {
        return source;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
