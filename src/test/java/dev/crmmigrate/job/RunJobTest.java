package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.report.RunReport;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crm-migrate run} through its outcome: the whole field report at scale 0.01 on a fresh database, every
 * import check passing, every computed figure equal to what the generator planted, and a report whose page links the
 * findings file it wrote beside it.
 */
@Slow(seconds = 95)
class RunJobTest {
    @TempDir
    Path work;

    @Test
    void theWholeRunReproducesItsDataSetsFiguresAndWritesItsReport() throws Exception {
        Database db = TestDatabase.freshDatabase("run_job");
        CrmConfig config = TestDatabase.configFor(db, work);
        RunOutcome o = RunJob.run(
                new JobContext(config, TestSpark.get(), db, db), new RunJob.Options(work.resolve("demo"), 0.01, 7));

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
    }
}
