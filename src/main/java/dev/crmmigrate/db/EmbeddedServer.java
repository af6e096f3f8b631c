package dev.crmmigrate.db;

import dev.crmmigrate.Errors;
import dev.crmmigrate.PrivateFiles;
import dev.crmmigrate.Secrets;
import dev.crmmigrate.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The embedded PostgreSQL 17, locked to the account that runs crm-migrate: every login needs a random password kept
 * in an owner-only file ({@code <data dir>-auth/password}), the server listens on 127.0.0.1 only, its Unix socket
 * sits in an owner-only folder beside the password (never in {@code /tmp}), and its binaries come from an owner-only
 * folder ({@link EmbeddedBinaries}). zonky starts and stops it; the data directory is initialized here, with
 * {@code scram-sha-256}, because zonky's {@code initdb} trusts every local connection. A data directory made by an
 * older crm-migrate (trust, no password) is upgraded in place before its first start: the password is set in
 * single-user mode, where nothing listens, and {@code pg_hba.conf} is rewritten.
 */
public final class EmbeddedServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    /** The longest socket path a Unix socket address holds (108 bytes on Linux, 104 on macOS), with the name. */
    private static final int SOCKET_PATH_MAX = 100;

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9/._+-]+");
    private static final String HBA = String.join(
            "\n",
            "# Written by crm-migrate: every connection needs the password in the owner-only file beside this data",
            "# directory (<data dir>-auth/password). Rewritten at every start.",
            "local   all           all                  scram-sha-256",
            "host    all           all   127.0.0.1/32   scram-sha-256",
            "host    all           all   ::1/128        scram-sha-256",
            "local   replication   all                  scram-sha-256",
            "host    replication   all   127.0.0.1/32   scram-sha-256",
            "");

    private final EmbeddedPostgres pg;
    private final Secret password;
    private final Path socketDir;

    private EmbeddedServer(EmbeddedPostgres pg, Secret password, Path socketDir) {
        this.pg = pg;
        this.password = password;
        this.socketDir = socketDir;
    }

    /** Starts (or restarts on its existing data directory) the embedded server; {@code port} 0 picks a free one. */
    public static EmbeddedServer start(Path dataDir, int port, Path binariesDir) {
        Path data = dataDir.toAbsolutePath();
        Path auth = authDir(data);
        try {
            Path pgDir = EmbeddedBinaries.prepare(binariesDir);
            PrivateFiles.directory(data.getParent());
            PrivateFiles.directory(auth);
            boolean newPassword = !Files.exists(auth.resolve("password"));
            Secret password = password(auth);
            boolean initialized = Files.exists(data.resolve("postgresql.conf"));
            if (!initialized) {
                initdb(pgDir, data, auth);
            } else if (newPassword
                    || !Files.readString(data.resolve("pg_hba.conf")).equals(HBA)) {
                setPasswordOffline(pgDir, data, password);
            }
            Files.writeString(data.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
            Path socket = socketDir(auth);
            // zonky keeps its instance folders under this system property's folder (default: the shared /tmp, where
            // it stops and deletes what it finds): point it at our owner-only folder too.
            Path zonky = EmbeddedBinaries.zonkyWorkingDir(binariesDir);
            System.setProperty("ot.epg.working-dir", zonky.toString());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(zonky.toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setConnectConfig("password", password.reveal())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", socket == null ? "" : socket.toString())
                    .setServerConfig("unix_socket_permissions", "0700")
                    .setServerConfig("password_encryption", "scram-sha-256")
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
            return new EmbeddedServer(builder.start(), password, socket);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("Missing embedded postgres binaries")) {
                throw Errors.config(
                        "the embedded PostgreSQL has no binaries for this platform (%s on %s): the build adds them for "
                                + "Linux (amd64, aarch64), macOS (Apple Silicon, Intel) and Windows (amd64). Set "
                                + "target.url to a PostgreSQL server instead",
                        System.getProperty("os.name"), System.getProperty("os.arch"));
            }
            throw cannotStart(data, e);
        } catch (Errors.CrmMigrateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw cannotStart(data, e);
        }
    }

    /** The owner-only folder beside the data directory that holds the password file and the socket folder. */
    public static Path authDir(Path dataDir) {
        Path data = dataDir.toAbsolutePath();
        return data.resolveSibling(data.getFileName() + "-auth");
    }

    /** The file that holds the embedded server's password (mode 0600). */
    public static Path passwordFile(Path dataDir) {
        return authDir(dataDir).resolve("password");
    }

    public int port() {
        return pg.getPort();
    }

    public Secret password() {
        return password;
    }

    /** The owner-only folder of the server's Unix socket, or null when the path is too long for one. */
    public Path socketDir() {
        return socketDir;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The {@code postgres} database as the superuser, with the password. */
    public DataSource postgresDatabase() {
        return pg.getPostgresDatabase();
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            throw Errors.runtime("stopping the embedded PostgreSQL failed: %s", e.getMessage());
        }
    }

    private static Secret password(Path auth) throws IOException {
        Path file = auth.resolve("password");
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            PrivateFiles.write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
        }
        PrivateFiles.requirePrivate(file, "the embedded PostgreSQL's password file");
        String pw = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!pw.matches("[A-Za-z0-9_-]{16,}")) {
            throw Errors.config(
                    "the embedded PostgreSQL's password file %s is damaged: remove it and the data "
                            + "directory beside it, or restore it",
                    file);
        }
        Secrets.register(pw);
        return Secret.of(pw);
    }

    private static Path socketDir(Path auth) {
        Path dir = auth.resolve("socket");
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
        // pg_ctl passes the server options through a shell, and a socket address has a short length limit: a folder
        // that is too long or would need quoting gets no socket (TCP on 127.0.0.1 only).
        if (windows
                || dir.toString().length() + "/.s.PGSQL.65535".length() > SOCKET_PATH_MAX
                || !SHELL_SAFE.matcher(dir.toString()).matches()) {
            return null;
        }
        return PrivateFiles.directory(dir);
    }

    private static void initdb(Path pgDir, Path data, Path auth) {
        run(
                List.of(
                        bin(pgDir, "initdb"),
                        "-A",
                        "scram-sha-256",
                        "-U",
                        SUPERUSER,
                        "--pwfile=" + auth.resolve("password"),
                        "-D",
                        data.toString(),
                        "-E",
                        "UTF-8"),
                null,
                "initdb");
    }

    /** Sets the superuser's password in single-user mode: no socket and no port are open while it runs. */
    private static void setPasswordOffline(Path pgDir, Path data, Secret password) {
        run(
                List.of(
                        bin(pgDir, "postgres"),
                        "--single",
                        "-D",
                        data.toString(),
                        "-c",
                        "listen_addresses=",
                        SUPERUSER),
                "ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.reveal() + "'\n",
                "setting the password of an existing embedded database (single-user mode)");
    }

    private static String bin(Path pgDir, String name) {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
        return pgDir.resolve("bin").resolve(windows ? name + ".exe" : name).toString();
    }

    private static void run(List<String> command, String stdin, String what) {
        try {
            List<String> cmd = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                // PostgreSQL refuses to run as root; in a user namespace of its own it runs as nobody (as zonky does).
                cmd.addAll(List.of("unshare", "-U"));
            }
            cmd.addAll(command);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("ERROR:")) {
                throw Errors.runtime("%s failed: %s", what, Secrets.scrub(out.strip()));
            }
        } catch (IOException e) {
            throw Errors.runtime("%s failed: %s", what, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.runtime("%s was interrupted", what);
        }
    }

    private static RuntimeException cannotStart(Path dataDir, Exception e) {
        return Errors.runtime(
                "the embedded PostgreSQL could not start in %s: %s (is another crm-migrate using it? set "
                        + "embedded.port or --work-dir)",
                dataDir, Secrets.scrub(String.valueOf(e.getMessage())));
    }
}
