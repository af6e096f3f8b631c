package dev.crmmigrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.support.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook executes headless (notebooks/run.sh: Debian's Jupyter, the Java kernel) against a work dir with two
 * audit runs in its Delta history; a failing cell fails the test. Outputs stay out of git (the executed copies go to
 * target/notebook/executed).
 */
class NotebooksIT {
  @TempDir Path dir;

  @Test
  void everyNotebookRunsHeadless() throws Exception {
    Path data = Cli.generate(dir, 0.05, 3);
    Path work = dir.resolve("work");
    Database db = Cli.preparedDatabase("notebooks", work, data);
    for (int i = 0; i < 2; i++) {
      Cli.Outcome a = Cli.run(work, Map.of(), "audit", "all", "--lists", data.resolve("lists").toString(), "--jdbc-url", db.url());
      assertThat(a.exit()).as(a.output()).isZero();
    }
    for (Path nb : Files.list(Path.of("notebooks")).filter(p -> p.toString().endsWith(".ipynb")).toList()) {
      assertThat(Files.readString(nb)).as(nb + " is committed without outputs").doesNotContain("\"output_type\"");
    }
    ProcessBuilder pb = new ProcessBuilder("bash", "notebooks/run.sh").redirectErrorStream(true);
    pb.environment().put("CRM_WORK_DIR", work.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("01-overlap-by-category.ipynb ok", "02-drift-across-runs.ipynb ok", "03-company-overlap-drilldown.ipynb ok");
  }
}
