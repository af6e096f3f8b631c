package dev.crmmigrate.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.PeopleCandidatesJob;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --pair}: why two CRM people are or are not a candidate pair, evidence by evidence. */
class ExplainPairTest {
    @TempDir
    Path work;

    static final String A = "00000000-0000-0000-0000-00000000000a";
    static final String B = "00000000-0000-0000-0000-00000000000b";
    static final String C = "00000000-0000-0000-0000-00000000000c";

    @Test
    void aPairSharingABlockKeyIsACandidateWithItsEvidenceAndStrangersAreNot() {
        Database db = TestDatabase.freshDatabase("explain_pair");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        TestDatabase.execute(
                db,
                "insert into people (id, first_name, last_name, details) values "
                        + "('" + A + "', 'Robert', 'Allen', '{\"dob\": \"1971-06-24\"}'), "
                        + "('" + B + "', 'Rob', 'Allen', '{\"dob\": \"1971-06-24\"}'), "
                        + "('" + C + "', 'Zoe', 'Quist', '{\"dob\": \"1999-01-01\"}')");
        JobContext ctx = TestJobs.context(db, work);

        PeopleCandidatesJob.PairExplanation ab = PeopleCandidatesJob.explainPair(ctx, B, A);
        assertThat(ab.personA()).isEqualTo(A);
        assertThat(ab.candidate()).isTrue();
        assertThat(ab.sharedKeys()).anySatisfy(k -> assertThat(k).startsWith("d:1971-06-24"));
        assertThat(ab.suggested()).isEqualTo(PersonCandidates.MERGE);
        assertThat(ab.evidence()).contains("first name same +4", "last name same +6", "date of birth same +8");

        PeopleCandidatesJob.PairExplanation ac = PeopleCandidatesJob.explainPair(ctx, A, C);
        assertThat(ac.candidate()).isFalse();
        assertThat(ac.sharedKeys()).isEmpty();
        assertThat(ac.suggested()).isEqualTo(PersonCandidates.NO);
        assertThat(ac.evidence()).contains("dates of birth differ -3");

        assertThatThrownBy(() -> PeopleCandidatesJob.explainPair(ctx, A, "00000000-0000-0000-0000-0000000000ff"))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("two different people");
    }

    @Test
    void theNamesAndAddressesOfThePersonsLegacyContactsAreComparedToo() {
        Database db = TestDatabase.freshDatabase("explain_pair_known_as");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.LEGACY);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        String contact = "00000000-0000-0000-0000-0000000000c1";
        TestDatabase.execute(
                db,
                "insert into people (id, first_name, last_name, details) values "
                        + "('" + A + "', 'Margarethe', 'Kuhn', '{}'), "
                        + "('" + B + "', 'Greta', 'Kuehn', '{\"dob\": \"1958-12-01\"}'); "
                        // The contact the import merged into A by its address knew her as Greta Kuehn, born 1958-12-01,
                        // at
                        // an address the import rejected (no top-level domain) but whose name part says gkuehn58.
                        + "insert into contacts (id, email, name, details, created_at) values ('" + contact
                        + "', 'gkuehn58@kuehn-gmbh', 'Greta Kuehn', '{\"dob\": \"1958-12-01\"}', now()); "
                        + "insert into contact_person_map (contact_id, person_id, is_first, run_id) values ('" + contact
                        + "', '" + A
                        + "', false, 'test'); "
                        + "insert into emails (id, address) values ('00000000-0000-0000-0000-0000000000e1', "
                        + "'gkuehn58@gmail.com'); "
                        + "insert into person_emails (person_id, email_id) values ('" + B
                        + "', '00000000-0000-0000-0000-0000000000e1')");
        JobContext ctx = TestJobs.context(db, work);

        PeopleCandidatesJob.PairExplanation ab = PeopleCandidatesJob.explainPair(ctx, A, B);
        assertThat(ab.nameA()).isEqualTo("Margarethe Kuhn");
        assertThat(ab.suggested()).isEqualTo(PersonCandidates.MERGE);
        assertThat(ab.evidence())
                .startsWith("compared as Greta Kuehn / Greta Kuehn")
                .contains("email name same +6", "date of birth same +8");
    }
}
