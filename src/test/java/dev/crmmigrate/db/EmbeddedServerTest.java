package dev.crmmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.EmbeddedSettings;
import dev.crmmigrate.support.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server as another account on the same machine meets it: no login without the password, which sits
 * in a file only the owner can read; no socket in a shared folder; no port beyond 127.0.0.1; binaries that another
 * account could have planted are refused before anything runs.
 */
class EmbeddedServerTest {

    @Test
    void everyLoginNeedsThePasswordAndNothingListensBeyondLoopback() throws Exception {
        EmbeddedServer server = TestDatabase.server();
        String url = server.jdbcUrl("postgres");
        assertThatThrownBy(() -> connect(url, null))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> connect(url, "not-the-password"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        try (Connection c = connect(url, server.password().reveal());
                Statement st = c.createStatement()) {
            assertThat(one(st, "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(one(st, "show unix_socket_directories")).isEqualTo(String.valueOf(server.socketDir()));
            assertThat(one(st, "show unix_socket_permissions")).isEqualTo("0700");
            assertThat(one(st, "select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256'"))
                    .isEqualTo("0");
        }
        Path passwordFile = TestDatabase.passwordFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        assertThat(server.socketDir()).isNotNull();
        assertThat(server.socketDir().toString()).doesNotStartWith("/tmp/.s.PGSQL");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socketDir())))
                .isEqualTo("rwx------");
        Path binaries = EmbeddedSettings.defaultBinariesDir();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)))
                .isEqualTo("rwx------");
        assertThat(binaries.resolve("zonky").toFile().list((d, n) -> n.startsWith("PG-")))
                .as("one unpacked copy, that zonky found and reused")
                .hasSize(1);
        assertThat(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg"))
                .as("nothing under the shared temporary folder")
                .doesNotExist();
    }

    /**
     * A second account (nobody) with the PostgreSQL client: over TCP it has no password, and the socket folder is
     * closed to it. Needs root to switch accounts (as CI runs) and psql on the PATH.
     */
    @Test
    void anotherAccountOnTheMachineCannotLogIn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")) && onPath("psql") && onPath("setpriv"),
                "needs root, setpriv and psql to act as a second account");
        EmbeddedServer server = TestDatabase.server();
        String sql = "COPY (SELECT 1) TO PROGRAM 'id'";
        String tcp = psqlAsNobody("127.0.0.1", server.port(), sql);
        assertThat(tcp).contains("no password supplied").doesNotContain("COPY 1");
        String socket = psqlAsNobody(server.socketDir().toString(), server.port(), sql);
        assertThat(socket).containsAnyOf("Permission denied", "No such file").doesNotContain("COPY 1");
        String file = asNobody("cat", TestDatabase.passwordFile().toString());
        assertThat(file).contains("Permission denied");
    }

    @Test
    void binariesInAFolderOthersCanWriteToAreRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path planted = dir.resolve("binaries");
        Path fake = planted.resolve("PG-0123").resolve("bin");
        Files.createDirectories(fake);
        Path marker = dir.resolve("planted-ran");
        Files.writeString(fake.resolve("initdb"), "#!/bin/sh\ntouch " + marker + "\n");
        fake.resolve("initdb").toFile().setExecutable(true);
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> EmbeddedServer.start(dir.resolve("work/pg"), 0, planted))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("the embedded PostgreSQL's binaries folder " + planted)
                .hasMessageContaining("open to other accounts");
        assertThat(marker).doesNotExist();
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void aDataDirectoryAnOlderVersionLeftWithTrustIsLockedInPlace(@TempDir Path dir) throws Exception {
        Path binaries = EmbeddedSettings.defaultBinariesDir();
        EmbeddedServer.start(dir.resolve("warm/pg"), 0, binaries).close(); // the binaries unpacked, as before
        Path data = dir.resolve("old/pg");
        // What crm-migrate did before: zonky's initdb with trust for everyone, a table with a row in it.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.resolve("zonky").toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start()) {
            try (Connection c = old.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("create table kept (id int); insert into kept values (42)");
            }
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedServer server = EmbeddedServer.start(data, 0, binaries)) {
            String url = server.jdbcUrl("postgres");
            assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class);
            try (Connection c = connect(url, server.password().reveal());
                    Statement st = c.createStatement()) {
                assertThat(one(st, "select id from kept")).isEqualTo("42");
            }
        }
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
        // And it starts again with the same password.
        try (EmbeddedServer again = EmbeddedServer.start(data, 0, binaries);
                Connection c =
                        connect(again.jdbcUrl("postgres"), again.password().reveal())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    static Connection connect(String url, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** psql as the account nobody, never asking for a password, to {@code host} (an address or a socket folder). */
    static String psqlAsNobody(String host, int port, String sql) throws Exception {
        return asNobody(
                "psql", "-w", "-h", host, "-p", String.valueOf(port), "-U", "postgres", "-d", "postgres", "-c", sql);
    }

    static String asNobody(String... command) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("PGPASSWORD");
        pb.environment().put("HOME", "/nonexistent");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
