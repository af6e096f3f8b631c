package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contacts import killed (JVM halted, like SIGKILL) after a staged phase and inside the load transaction, then
 * re-run: the CRM ends in exactly the state of an uninterrupted run. Every step is the real launcher in its own
 * process, against a PostgreSQL server this test owns.
 */
class KillAndResumeIT {
  @TempDir static Path dir;
  static Path data;

  record Outcome(int exit, String output) {}

  static Outcome cli(Path work, String fault, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "bin/crm-migrate"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CRM_WORK_DIR", work.toString());
    pb.environment().put("CRM_DRIVER_MEMORY", "2g");
    pb.environment().remove(dev.crmmigrate.Faults.VARIABLE);
    if (fault != null) {
      pb.environment().put(dev.crmmigrate.Faults.VARIABLE, fault);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    return new Outcome(p.exitValue(), out);
  }

  static Database prepared(String name, Path work) throws Exception {
    Database db = TestDatabase.freshDatabase(name);
    String url = db.url();
    for (String[] step : new String[][] {
        {"seed-legacy", "--from", data.toString()}, {"schema"},
        {"import", "qozb", "--file", data.resolve("crm/qozb_properties.csv").toString()},
        {"import", "family-office", "--file", data.resolve("crm/family_office_contacts.csv").toString()}}) {
      List<String> a = new ArrayList<>(List.of(step));
      a.addAll(List.of("--jdbc-url", url));
      Outcome o = cli(work, null, a.toArray(String[]::new));
      assertThat(o.exit()).as(String.join(" ", step) + "\n" + o.output()).isZero();
    }
    return db;
  }

  @BeforeAll
  static void generate() throws Exception {
    data = dir.resolve("data");
    Outcome g = cli(dir.resolve("gen"), null, "generate", "--scale", "0.05", "--seed", "3", "--out", data.toString());
    assertThat(g.exit()).as(g.output()).isZero();
  }

  @Test
  void killedAnywhereThenReRunEqualsAnUninterruptedRun() throws Exception {
    Path cleanWork = dir.resolve("clean");
    Database clean = prepared("clean", cleanWork);
    Outcome ok = cli(cleanWork, null, "import", "contacts", "--jdbc-url", clean.url());
    assertThat(ok.exit()).as(ok.output()).isZero();

    Path work = dir.resolve("killed");
    Database killed = prepared("killed", work);
    Map<String, String> before = Checksums.of(killed);

    Outcome k1 = cli(work, "stage:p4_resolution", "import", "contacts", "--jdbc-url", killed.url());
    assertThat(k1.exit()).as(k1.output()).isEqualTo(137);
    assertThat(Checksums.of(killed)).as("nothing written by a run killed between phases").isEqualTo(before);

    Outcome k2 = cli(work, "load:before-commit", "import", "contacts", "--jdbc-url", killed.url());
    assertThat(k2.exit()).as(k2.output()).isEqualTo(137);
    assertThat(k2.output()).contains("resuming run");
    assertThat(Checksums.of(killed)).as("nothing written by a run killed inside the load transaction").isEqualTo(before);

    Outcome k3 = cli(work, "load:after-commit", "import", "contacts", "--jdbc-url", killed.url());
    assertThat(k3.exit()).as(k3.output()).isEqualTo(137);
    Map<String, String> committed = Checksums.of(killed);

    Outcome resumed = cli(work, null, "import", "contacts", "--jdbc-url", killed.url());
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    assertThat(resumed.output()).contains("already committed");
    assertThat(Checksums.of(killed)).as("a committed run is not written twice").isEqualTo(committed);

    assertThat(Checksums.stable(killed)).as("same rows and ids as the uninterrupted run").isEqualTo(Checksums.stable(clean));
  }
}
