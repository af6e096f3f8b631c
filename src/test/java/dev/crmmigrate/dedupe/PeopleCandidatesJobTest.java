package dev.crmmigrate.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.PeopleCandidatesJob;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code people candidates} end to end on a CRM: the figures it reports, the Delta table and the review file agree,
 * and a hub's merges (a person in more than {@link PersonCandidates#MAX_MERGES} suggested merges) are rewritten as
 * reviews in the table it wrote.
 */
class PeopleCandidatesJobTest {
    @TempDir
    Path work;

    static String id(int n) {
        return String.format("00000000-0000-0000-0000-%012d", n);
    }

    @Test
    void aHubsMergesBecomeReviewsInTheTableTheFiguresAndTheReviewFile() throws Exception {
        Database db = TestDatabase.freshDatabase("people_candidates_job");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        StringBuilder sql = new StringBuilder("insert into people (id, first_name, last_name, details) values ");
        // Ten records of one name and date of birth: each in nine suggested merges, so all 45 are reviews.
        for (int i = 1; i <= 10; i++) {
            sql.append("('").append(id(i)).append("', 'Quintus', 'Vale', '{\"dob\": \"1970-01-01\"}'), ");
        }
        // One pair beside them: a merge.
        sql.append("('").append(id(11)).append("', 'Ada', 'Wren', '{\"dob\": \"1988-08-08\"}'), ");
        sql.append("('").append(id(12)).append("', 'Ada', 'Wren', '{\"dob\": \"1988-08-08\"}')");
        TestDatabase.execute(db, sql.toString());
        JobContext ctx = TestJobs.context(db, work);
        Path review = work.resolve("reports/people_test/people_candidates.csv");

        PeopleCandidatesJob.Outcome out = PeopleCandidatesJob.run(ctx, review);

        assertThat(out.people()).isEqualTo(12);
        assertThat(out.merge()).isEqualTo(1);
        assertThat(out.review()).isEqualTo(45);
        var table = ctx.spark()
                .read()
                .format("delta")
                .load(work.resolve("people/candidates").toString());
        assertThat(table.where("suggested = 'merge'").count()).isEqualTo(1);
        assertThat(table.where("suggested = 'review'").count()).isEqualTo(45);
        List<String> lines = Files.readAllLines(review, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1 + 46);
        assertThat(lines.stream().filter(l -> l.contains(",merge,")))
                .singleElement()
                .satisfies(l -> assertThat(l).contains(id(11), id(12)));
    }

    @Test
    void aPersonKnownByVeryManyNamesKeepsItsOwnRowAndTheMostCommonOnes() {
        Database db = TestDatabase.freshDatabase("people_candidates_rows");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.LEGACY);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        StringBuilder sql = new StringBuilder("insert into people (id, first_name, last_name, details) values ('"
                + id(1) + "', 'Info', 'Desk', '{}'); ");
        // 30 contacts that shared info@ and came to one person: "Zed Often" three times, 27 other names once.
        for (int i = 1; i <= 30; i++) {
            String name = i <= 3 ? "Zed Often" : "Name" + (char) ('a' + i % 26) + " Other" + i;
            String contact = id(1000 + i);
            sql.append("insert into contacts (id, email, name, created_at) values ('")
                    .append(contact)
                    .append("', 'info@desk-co.com', '")
                    .append(name)
                    .append("', now()); insert into contact_person_map (contact_id, person_id, is_first, run_id) ")
                    .append("values ('")
                    .append(contact)
                    .append("', '")
                    .append(id(1))
                    .append("', false, 'test'); ");
        }
        TestDatabase.execute(db, sql.toString());
        JobContext ctx = TestJobs.context(db, work);

        var rows = PeopleCandidatesJob.people(ctx);

        assertThat(rows.count()).isEqualTo(PersonCandidates.MAX_ROWS);
        assertThat(rows.where("known_as = false and first_name = 'Info'").count())
                .isEqualTo(1);
        assertThat(rows.where("first_name = 'Zed' and last_name = 'Often'").count())
                .isEqualTo(1);
    }
}
