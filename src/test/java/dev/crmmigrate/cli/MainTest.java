package dev.crmmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Runs alone ({@link Isolated}): it swaps System.out, which the classes beside it would write into. */
@Isolated
class MainTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheCommands() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(Main.execute("--help")).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString())
                .contains(
                        "run",
                        "generate",
                        "seed-legacy",
                        "schema",
                        "audit",
                        "import",
                        "followup",
                        "orgs",
                        "reaudit",
                        "verify",
                        "bench",
                        "db");
    }

    @Test
    void exitCodes() throws IOException {
        assertThat(Main.execute("no-such-command")).isEqualTo(2);
        assertThat(Main.execute("schema", "--no-such-option")).isEqualTo(2);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "nonsense_key: 1\n");
        assertThat(Main.execute("schema", "--config", bad.toString())).isEqualTo(2);
        assertThat(Main.execute("schema", "--jdbc-url", "jdbc:postgresql://h/db?password=x"))
                .isEqualTo(2);
        // An unreachable database is a runtime failure.
        assertThat(Main.execute("schema", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none"))
                .isEqualTo(3);
    }

    @Test
    void schemaCommandAgainstAnExternalServer() throws IOException {
        String url = TestDatabase.freshDatabase("cli").url();
        // The password as a user gives it: from a file only they can read, named in the configuration.
        Path conf = dir.resolve("external.yaml");
        Files.writeString(conf, "target:\n  password_file: " + TestDatabase.passwordFile() + "\n");
        String[] schema = {"schema", "--jdbc-url", url, "--work-dir", dir.toString(), "--config", conf.toString()};
        assertThat(Main.execute(schema)).isZero();
        assertThat(Main.execute(schema)).isZero();
    }
}
