package dev.crmmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.support.Cli;
import dev.crmmigrate.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenario 11: a sentinel password that the server really checks (SCRAM for this role) is given the way
 * users give it, through {@code CRM_DB_PASSWORD}. A contacts import with Spark's and the libraries' logging on
 * ({@code --verbose}), and a run that fails to connect, must show it nowhere: not in their output (logs, exception
 * texts, Spark's plans and logs), not in any file they write (reports, staged tables, mapping), and not in the
 * command line of any process on the machine while they run ({@code ps}).
 */
class SecretsIT {
    static final String SENTINEL = "Sent1nel-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    static final String ROLE = "crm_sentinel_user";

    @TempDir
    Path dir;

    @Test
    void theSentinelPasswordAppearsNowhere() throws Exception {
        Path data = Cli.generate(0.05, 3);
        Path work = dir.resolve("work");
        Database db = Cli.preparedDatabase("secrets", work, data);
        requirePasswordFor(ROLE);

        List<String> processes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> sampler = pool.submit(() -> {
            while (running.get()) {
                Process ps = new ProcessBuilder("ps", "-eww", "-o", "pid=,args=")
                        .redirectErrorStream(true)
                        .start();
                processes.add(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                ps.waitFor();
                Thread.sleep(200);
            }
            return null;
        });
        Map<String, String> env = Map.of("CRM_DB_USER", ROLE, "CRM_DB_PASSWORD", SENTINEL);
        Cli.Outcome ok;
        Cli.Outcome failed;
        try {
            ok = Cli.run(work, env, "import", "contacts", "--verbose", "--jdbc-url", db.url());
            failed = Cli.run(
                    work,
                    env,
                    "verify",
                    "--verbose",
                    "--jdbc-url",
                    db.url().replaceAll("/[^/]+$", "/no_such_database"));
        } finally {
            running.set(false);
            sampler.get();
            pool.shutdown();
        }
        assertThat(ok.exit())
                .as("the import authenticated with the sentinel password\n" + ok.output())
                .isZero();
        assertThat(failed.exit()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains("no_such_database");

        assertThat(ok.output()).as("import output").doesNotContain(SENTINEL);
        assertThat(failed.output()).as("error output").doesNotContain(SENTINEL);
        assertThat(processes).as("ps samples").hasSizeGreaterThan(10).noneMatch(p -> p.contains(SENTINEL));
        assertThat(String.join("", processes))
                .as("the sampler saw the job's JVM")
                .contains("dev.crmmigrate");
        byte[] needle = SENTINEL.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(work)) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(work.resolve("pg")))
                    .toList();
            assertThat(all).as("files written").anyMatch(f -> f.toString().endsWith("report.md"));
            assertThat(all)
                    .allSatisfy(f -> assertThat(indexOf(Files.readAllBytes(f), needle))
                            .as(f.toString())
                            .isNegative());
        }
    }

    /** The role logs in only with its password (SCRAM), as every role of the embedded server does. */
    static void requirePasswordFor(String role) {
        Database admin = TestDatabase.database("postgres", "public");
        TestDatabase.execute(
                admin,
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "CREATE ROLE " + role + " LOGIN SUPERUSER; END IF; END $$");
        TestDatabase.execute(
                admin,
                "SET password_encryption = 'scram-sha-256'; ALTER ROLE " + role + " PASSWORD '" + SENTINEL + "'");
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
