package dev.crmmigrate.db;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The databases of one invocation: the configured target (and source), or the embedded PostgreSQL when no target
 * URL is configured. The embedded server keeps its data directory under the work directory, so a second run sees
 * the first one's result; it stops when the session closes.
 */
public final class DatabaseSession implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final Database target;
    private final Database source;

    private DatabaseSession(EmbeddedPostgres embedded, Database target, Database source) {
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
        EmbeddedPostgres pg =
                startEmbedded(config.embeddedDataDir(), config.embedded().port());
        String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
        Database target = new Database(config.target().withJdbcUrl(url));
        Database source = config.source().jdbcUrl() == null ? target : new Database(config.source());
        return new DatabaseSession(pg, target, source);
    }

    /** Starts (or restarts on its existing data directory) the embedded PostgreSQL 17. */
    public static EmbeddedPostgres startEmbedded(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir.getParent() == null ? Path.of(".") : dataDir.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false) // initdb only when the directory holds no database yet
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    // zonky's default is off (fast tests, lost commits on a crash); a migration's commits must survive
                    // one.
                    .setServerConfig("synchronous_commit", "on")
                    // A migration is one long write transaction into random-UUID indexes. With checkpoints every
                    // 2 GB of WAL nearly every index insert after a checkpoint writes a full-page image: the scale-300
                    // import wrote 90.5 GB of WAL, 7.0 M page images (docs/benchmarks.md "Scale 300"). Checkpoints
                    // further apart and the indexes in shared buffers cut both.
                    .setServerConfig("max_wal_size", "16GB")
                    .setServerConfig("min_wal_size", "1GB")
                    .setServerConfig("checkpoint_timeout", "30min")
                    .setServerConfig("shared_buffers", "1GB");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("Missing embedded postgres binaries")) {
                throw Errors.config(
                        "the embedded PostgreSQL has no binaries for this platform (%s on %s): the build adds them for "
                                + "Linux (amd64, aarch64), macOS (Apple Silicon, Intel) and Windows (amd64). Set "
                                + "target.url to a PostgreSQL server instead",
                        System.getProperty("os.name"), System.getProperty("os.arch"));
            }
            throw cannotStart(dataDir, e);
        } catch (IOException | RuntimeException e) {
            throw cannotStart(dataDir, e);
        }
    }

    private static RuntimeException cannotStart(Path dataDir, Exception e) {
        return Errors.runtime(
                "the embedded PostgreSQL could not start in %s: %s (is another crm-migrate using it? set "
                        + "embedded.port or --work-dir)",
                dataDir, e.getMessage());
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
            try {
                embedded.close();
            } catch (IOException e) {
                throw Errors.runtime("stopping the embedded PostgreSQL failed: %s", e.getMessage());
            }
        }
    }
}
