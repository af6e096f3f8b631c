package dev.crmmigrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.OrgCandidatesJob;
import dev.crmmigrate.job.ReauditJob;
import dev.crmmigrate.support.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook executes headless (notebooks/run.sh: Debian's Jupyter, the Java kernel) against a work dir with three
 * audit runs in its Delta history and the organization candidates; a failing cell fails the test. Outputs stay out of
 * git (the executed copies go to target/notebook/executed).
 */
class NotebooksIT {
    @TempDir
    Path dir;

    /** A Family Office email of the CRM that no list holds yet. */
    static String familyOfficeEmailNotInLists(Database db, Path lists) throws Exception {
        Set<String> listed = new HashSet<>();
        for (Path f :
                Files.list(lists).filter(p -> p.toString().endsWith(".csv")).toList()) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                for (String token : line.split(",")) {
                    listed.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        try (var c = db.open();
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "select e.address from emails e join person_emails pe on pe.email_id = e.id join people p "
                                + "on p.id = pe.person_id where p.details->>'import_source' = 'family_office' order "
                                + "by e.address")) {
            while (rs.next()) {
                if (!listed.contains(rs.getString(1))) {
                    return rs.getString(1);
                }
            }
        }
        throw new AssertionError("every Family Office email is already listed");
    }

    @Test
    void everyNotebookRunsHeadless() throws Exception {
        Path data = Cli.generate(0.05, 3);
        Path work = dir.resolve("work");
        Database db = Cli.preparedDatabase("notebooks", work, data);
        // Three audit runs for the history. The first (nothing to compare with) and the near-duplicate candidates are
        // preparation and run in this JVM; the next two go through the scheduler's entry point, the launcher: no drift
        // on the unchanged database (exit 0), then a new list's overlap (exit 1).
        Path lists = dir.resolve("lists");
        Files.createDirectories(lists);
        for (Path f : Files.list(data.resolve("lists")).toList()) {
            Files.copy(f, lists.resolve(f.getFileName()));
        }
        JobContext ctx = Cli.context(db, work);
        assertThat(ReauditJob.run(ctx, lists, 10, 0, false).drift()).isNull();
        OrgCandidatesJob.run(
                ctx,
                0.7,
                data.resolve("org_near_duplicates_truth.csv"),
                work.resolve("reports/orgs/org_candidates.csv"));
        String[] reaudit = {"reaudit", "--lists", lists.toString(), "--jdbc-url", db.url()};
        Cli.Outcome same = Cli.run(work, Map.of(), reaudit);
        assertThat(same.exit()).as(same.output()).isZero();
        assertThat(same.output()).contains("0 metric(s) changed, 0 new overlap(s)");
        String known = familyOfficeEmailNotInLists(db, lists);
        Files.writeString(
                lists.resolve("investor_added.csv"), "Email,Company\n" + known.toUpperCase() + ",Added Capital\n");
        Cli.Outcome drift = Cli.run(work, Map.of(), reaudit);
        assertThat(drift.exit()).as(drift.output()).isEqualTo(1);
        assertThat(drift.output()).contains("1 new overlap(s)", "ALERT");
        for (Path nb : Files.list(Path.of("notebooks"))
                .filter(p -> p.toString().endsWith(".ipynb"))
                .toList()) {
            assertThat(Files.readString(nb))
                    .as(nb + " is committed without outputs")
                    .doesNotContain("\"output_type\"");
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "notebooks/run.sh").redirectErrorStream(true);
        pb.environment().put("CRM_WORK_DIR", work.toString());
        dev.crmmigrate.support.TestDatabase.passwordEnvironment(pb.environment());
        // The kernels' JVMs compile each cell with JShell and run a few small Spark jobs, then end: the client compiler
        // alone does that with about a third less CPU (measured: the four notebooks in 1 min 40 s instead of 2 min
        // 20 s) and leaves more of the two cores to the ITs beside this one. A test choice: the kernelspec stays as
        // users run it.
        pb.environment().put("JAVA_TOOL_OPTIONS", Cli.CLIENT_COMPILER);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains(
                        "01-overlap-by-category.ipynb ok",
                        "02-drift-across-runs.ipynb ok",
                        "03-company-overlap-drilldown.ipynb ok",
                        "04-organization-near-duplicates.ipynb ok");
    }
}
