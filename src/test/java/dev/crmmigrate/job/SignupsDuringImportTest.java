package dev.crmmigrate.job;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.Faults;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.followup.Followups;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenario 7: website signups arrive through the signup trigger while the contacts import runs. Five
 * arrive at the worst moment (after the import planned their people, before its transaction); five more trickle in
 * from another thread during the whole import; twenty signups of new addresses too. At the end every address has
 * exactly one person, that person carries the signup's user, the contacts of the address are mapped to it, and the
 * import's planned-vs-actual checks hold.
 */
@Slow(seconds = 70)
class SignupsDuringImportTest {
    @TempDir
    Path dir;

    @AfterEach
    void disarm() {
        Faults.disarm();
    }

    @Test
    void everyAddressEndsWithExactlyOnePersonAndNothingIsLost() throws Exception {
        Path data = DemoFixture.small();
        Database db = TestDatabase.freshDatabase("signups_during_import");
        SeedLegacyJob.run(db, data);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        new Followups(db, null).signupTrigger();
        JobContext ctx = TestJobs.context(db, dir.resolve("work"));

        List<String> addresses = contactAddressesNotInTheCrm(db, 10);
        List<String> atWorstMoment = addresses.subList(0, 5);
        List<String> trickling = addresses.subList(5, 10);
        Faults.arm(
                "load:before-transaction",
                () -> atWorstMoment.forEach(a -> signup(db, "  " + a.toUpperCase(Locale.ROOT) + " ")));

        AtomicBoolean importing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> background = pool.submit(() -> {
            int i = 0;
            for (String a : trickling) {
                signup(db, a);
                signup(db, "brand.new" + i++ + "@signup-example.com");
                sleep(importing.get() ? 1500 : 0);
            }
            for (int j = 0; j < 10; j++) {
                signup(db, "brand.new" + i++ + "@signup-example.com");
            }
            return null;
        });
        ImportOutcome out;
        try {
            out = ContactsImportJob.run(ctx);
        } finally {
            importing.set(false);
            background.get();
            pool.shutdown();
        }

        assertThat(out.checks())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(out.actual().get(Figure.PEOPLE_MATCHED_LATE))
                .as("the five signups at the worst moment were matched late")
                .isGreaterThanOrEqualTo(5);
        for (String a : addresses) {
            assertThat(count(
                            db,
                            "select count(distinct pe.person_id) from person_emails pe join emails e on e.id = "
                                    + "pe.email_id where e.address = '" + a + "'"))
                    .as("people of " + a)
                    .isEqualTo(1);
            assertThat(count(
                            db,
                            "select count(*) from person_emails pe join emails e on e.id = pe.email_id join people p "
                                    + "on p.id = pe.person_id join auth.users u on u.id = p.user_id where e.address = '"
                                    + a + "'"))
                    .as("the person of " + a + " carries the signup's user")
                    .isEqualTo(1);
            assertThat(count(
                            db,
                            "select count(*) from contacts c join contact_person_map m on m.contact_id = c.id "
                                    + "join person_emails pe on pe.person_id = m.person_id join emails e on e.id = "
                                    + "pe.email_id and e.address = '"
                                    + a + "' "
                                    + "where lower(btrim(c.email)) = '" + a + "'"))
                    .as("every contact of " + a + " maps to that person")
                    .isEqualTo(count(db, "select count(*) from contacts where lower(btrim(email)) = '" + a + "'"));
        }
        assertThat(count(
                        db,
                        "select count(*) from auth.users u where not exists (select 1 from people p where "
                                + "p.user_id = u.id)"))
                .as("every signup has its person")
                .isZero();
        assertThat(count(
                        db,
                        "select count(*) from (select e.id from emails e join person_emails pe on pe.email_id = e.id "
                                + "where e.address like 'brand.new%' group by e.id having count(*) = 1) x"))
                .isEqualTo(15);
    }

    static List<String> contactAddressesNotInTheCrm(Database db, int n) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select a from (select distinct lower(btrim(email)) a from contacts) x "
                        + "where a ~ '^[a-z0-9._+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(com|org|net|io)$' "
                        + "and not exists (select 1 from emails e where e.address = x.a) order by md5(a) limit " + n)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        assertThat(out).hasSize(n);
        return out;
    }

    static void signup(Database db, String email) {
        try (Connection c = db.open();
                PreparedStatement ps = c.prepareStatement(
                        "insert into auth.users (id, email, raw_user_meta_data) values (gen_random_uuid(), ?, "
                                + "'{\"full_name\": \"Sam Signup\"}')")) {
            ps.setString(1, email);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
