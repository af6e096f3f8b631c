package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.Cli;
import dev.crmmigrate.support.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contacts import killed (JVM halted, like SIGKILL) after a staged phase, inside its COPY into staging, inside the
 * load transaction and right after its commit, then re-run: the CRM ends in exactly the state of an uninterrupted run.
 * Then a rollback of that import, killed before its commit, changes nothing, and run again takes the import back.
 * Every step is the real launcher in its own process, against a PostgreSQL server this test owns.
 */
class KillAndResumeIT {
    @TempDir
    static Path dir;

    static Path data;

    static Cli.Outcome cli(Path work, String fault, String... args) throws Exception {
        return Cli.run(work, fault == null ? Map.of() : Map.of(dev.crmmigrate.Faults.VARIABLE, fault), args);
    }

    @BeforeAll
    static void generate() throws Exception {
        data = Cli.generate(0.05, 3);
    }

    @Test
    void killedAnywhereThenReRunEqualsAnUninterruptedRunAndARollbackKilledOrNotIsAllOrNothing() throws Exception {
        Database clean = Cli.referenceImport(data);

        Path work = dir.resolve("killed");
        Database killed = Cli.preparedDatabase("killed", work, data);
        Map<String, String> before = Checksums.of(killed);

        Cli.Outcome k1 = cli(work, "stage:contacts", "import", "contacts", "--jdbc-url", killed.url());
        assertThat(k1.exit()).as(k1.output()).isEqualTo(137);
        assertThat(Checksums.of(killed))
                .as("nothing written by a run killed between phases")
                .isEqualTo(before);

        Cli.Outcome kc = cli(work, "copy:after-commit", "import", "contacts", "--jdbc-url", killed.url());
        assertThat(kc.exit())
                .as("killed once a partition's COPY into staging committed\n" + kc.output())
                .isEqualTo(137);
        assertThat(kc.output()).contains("resuming run");
        assertThat(Checksums.of(killed))
                .as("nothing written to the CRM by a run killed inside its COPY")
                .isEqualTo(before);

        Cli.Outcome k2 = cli(work, "load:before-commit", "import", "contacts", "--jdbc-url", killed.url());
        assertThat(k2.exit()).as(k2.output()).isEqualTo(137);
        assertThat(k2.output()).contains("resuming run");
        assertThat(Checksums.of(killed))
                .as("nothing written by a run killed inside the load transaction")
                .isEqualTo(before);

        Cli.Outcome k3 = cli(work, "load:after-commit", "import", "contacts", "--jdbc-url", killed.url());
        assertThat(k3.exit()).as(k3.output()).isEqualTo(137);
        Map<String, String> committed = Checksums.of(killed);

        Cli.Outcome resumed = cli(work, null, "import", "contacts", "--jdbc-url", killed.url());
        assertThat(resumed.exit()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("already committed");
        assertThat(Checksums.of(killed))
                .as("a committed run is not written twice")
                .isEqualTo(committed);

        assertThat(Checksums.stable(killed))
                .as("same rows and ids as the uninterrupted run")
                .isEqualTo(Checksums.stable(clean));

        // Then the import is taken back: a rollback killed before its commit changes nothing, and run again it
        // leaves every CRM table exactly as before the import.
        String run = TestDatabase.strings(
                        killed,
                        "select run_id from migration_runs where job = 'import_contacts' and status = " + "'succeeded'")
                .get(0);
        Cli.Outcome r1 = cli(work, "rollback:before-commit", "rollback", "--run", run, "--jdbc-url", killed.url());
        assertThat(r1.exit()).as(r1.output()).isEqualTo(137);
        assertThat(Checksums.of(killed))
                .as("nothing changed by a rollback killed before its commit")
                .isEqualTo(committed);
        Cli.Outcome r2 = cli(work, null, "rollback", "--run", run, "--jdbc-url", killed.url());
        assertThat(r2.exit()).as(r2.output()).isZero();
        assertThat(r2.output()).contains("rolled back", run);
        assertThat(Checksums.of(killed))
                .as("every CRM table as before the import, timestamps included")
                .isEqualTo(before);
    }
}
