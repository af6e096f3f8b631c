package dev.crmmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user runs it: a separate process, the packaged jar, the embedded database in a work dir. */
class LauncherIT {
  @TempDir Path work;

  record Outcome(int exit, String output) {}

  static Outcome launch(Path work, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "bin/crm-migrate"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CRM_WORK_DIR", work.toString());
    pb.environment().put("CRM_EMBEDDED_PORT", "0");
    pb.environment().put("CRM_DRIVER_MEMORY", "1g");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Outcome(p.exitValue(), out);
  }

  @Test
  void helpAndSchemaTwice() throws Exception {
    Outcome help = launch(work, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.output()).contains("schema", "import", "audit", "Exit codes");

    Outcome first = launch(work, "schema");
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("migration(s) applied");
    Outcome second = launch(work, "schema");
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output()).contains("crm schema: up to date");
    assertThat(work.resolve("pg/PG_VERSION")).exists();
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    Outcome bad = launch(work, "schema", "--bogus");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.output()).contains("Unknown option: '--bogus'");
  }
}
