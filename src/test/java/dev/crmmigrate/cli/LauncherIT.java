package dev.crmmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.Cli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user runs it: a separate process, the packaged jar, the embedded database in a work dir. */
class LauncherIT {
    @TempDir
    Path work;

    static Cli.Outcome launch(Path work, String... args) throws IOException, InterruptedException {
        return Cli.run(work, Map.of(), args);
    }

    @Test
    void helpAndSchemaTwice() throws Exception {
        Cli.Outcome help = launch(work, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("schema", "import", "audit", "Exit codes");

        Cli.Outcome first = launch(work, "schema");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("migration(s) applied");
        Cli.Outcome second = launch(work, "schema");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).contains("crm schema: up to date");
        assertThat(work.resolve("pg/PG_VERSION")).exists();
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        Cli.Outcome bad = launch(work, "schema", "--bogus");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.output()).contains("Unknown option: '--bogus'");
    }
}
