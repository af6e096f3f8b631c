package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.report.RunReport;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import dev.crmmigrate.undo.Rollback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crm-migrate run} through its outcome: the whole field report at scale 0.01 on a fresh database, every
 * import check passing, every computed figure equal to what the generator planted, and a report whose page links the
 * findings file it wrote beside it; then a second run, and a run after the contacts import is rolled back, each
 * with every check passing.
 */
@Slow(seconds = 200)
class RunJobTest {
    @TempDir
    Path work;

    @Test
    void theWholeRunReproducesItsDataSetsFiguresAndWritesItsReport() throws Exception {
        Database db = TestDatabase.freshDatabase("run_job");
        CrmConfig config = TestDatabase.configFor(db, work);
        JobContext ctx = TestJobs.context(config, db);
        RunOutcome o = RunJob.run(ctx, new RunJob.Options(work.resolve("demo"), 0.01, 7));
        Map<String, String> stable = Checksums.stable(db);

        assertThat(o.checks())
                .hasSizeGreaterThan(40)
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(o.expected())
                .as("figures compared with expected.json")
                .hasSizeGreaterThan(30)
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(o.failed()).isZero();
        assertThat(o.summary())
                .containsKeys(
                        "contacts_import_phases", "before_migration", "after_migration", "source_imports", "followups");
        assertThat(o.followups())
                .extracting(FollowupResult::name)
                .containsExactly(
                        "campaign_foreign_keys",
                        "signup_trigger",
                        "activities_backfill",
                        "email_queue_person",
                        "contacts_compat_view",
                        "retire_contacts");
        assertThat(o.contacts().read())
                .isEqualTo(o.contacts().phases().get(Figure.FETCHED_CONTACTS))
                .isPositive();

        Path dir = RunReport.write(config.reportsDir(), o, false);
        String page = Files.readString(dir.resolve("report.html"));
        FollowupResult fk = o.followups().get(0);
        assertThat(fk.findings().total())
                .as("recipients whose contact was not migrated")
                .isPositive();
        String csv = fk.findings().csv().getFileName().toString();
        assertThat(page).contains("<a href=\"" + csv + "\">");
        assertThat(dir.resolve(csv)).exists();
        assertThat(config.reportsDir().resolve("latest").resolve(csv)).exists();
        assertThat(Files.readString(dir.resolve("report.md")))
                .contains(o.runId(), "## Checks", "## Demo data set: computed vs expected.json")
                .doesNotContain("| FAIL |");
        assertThat(page)
                .as("the page and the Markdown come from the same blocks")
                .contains("<h2>Checks</h2>", "<h2>Demo data set: computed vs expected.json</h2>");
        assertThat(o.rowsChanged()).isPositive();

        // A second run: every plan is empty, every check passes, no row changes, and it says so.
        Map<String, String> done = Checksums.of(db);
        RunOutcome again = RunJob.run(ctx, new RunJob.Options(work.resolve("demo"), 0.01, 7));
        assertThat(again.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(again.rowsChanged()).isZero();
        assertThat(again.qozb().planned().values())
                .as("what the load will change")
                .containsOnly(0L);
        assertThat(again.familyOffice().planned().values()).containsOnly(0L);
        assertThat(again.expected()).as("expected.json describes the first run").isEmpty();
        assertThat(Checksums.of(db)).isEqualTo(done);
        Path second = RunReport.write(config.reportsDir(), again, false);
        assertThat(Files.readString(second.resolve("report.md"))).contains("## Nothing changed");

        // The contacts import taken back (and the follow-ups on top of it), then a run: it does that work again.
        Rollback.Outcome undone = new Rollback(db).execute(o.contacts().runId(), true, false, false);
        assertThat(undone.applied()).as(String.valueOf(undone.blockers())).isTrue();
        RunOutcome redo = RunJob.run(ctx, new RunJob.Options(work.resolve("demo"), 0.01, 7));
        assertThat(redo.checks())
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(redo.failed()).isZero();
        assertThat(redo.expected())
                .hasSizeGreaterThan(30)
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(Checksums.stable(db))
                .as("the same rows and ids as the first run")
                .isEqualTo(stable);
    }
}
