package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.followup.Followups;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The signup trigger under concurrent signups, on a copy of the migrated CRM: exactly one person per address.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class ConcurrentSignupsE2E {
    static FieldReportMigration m;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
    }

    @Test
    void concurrentSignupsMakeExactlyOnePersonPerEmail() throws Exception {
        Database f = m.copy("signups");
        new Followups(f, null).signupTrigger();
        String existing;
        try (var c = f.open();
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "select e.address from emails e join person_emails pe on pe.email_id = e.id join people p on "
                                + "p.id = pe.person_id "
                                + "where p.user_id is null group by e.address having count(*) = 1 order by e.address "
                                + "limit 1")) {
            rs.next();
            existing = rs.getString(1);
        }
        List<String> signups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            signups.add("new.signup" + i + "@investor-mail.com");
            signups.add("New.Signup" + i + "@Investor-Mail.com ");
            signups.add("new.signup" + i + "@investor-mail.com");
        }
        signups.add(existing.toUpperCase(Locale.ROOT));
        long peopleBefore = count(f, "select count(*) from people");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (String email : signups) {
            done.add(pool.submit(() -> {
                go.await();
                TestDatabase.execute(
                        f,
                        "insert into auth.users (id, email, raw_user_meta_data) values (gen_random_uuid(), '" + email
                                + "', '{\"full_name\": \"Sam Signup\"}')");
                return null;
            }));
        }
        go.countDown();
        for (var d : done) {
            d.get();
        }
        pool.shutdown();
        assertThat(count(f, "select count(*) from people")).isEqualTo(peopleBefore + 20);
        assertThat(count(
                        f,
                        "select count(*) from (select e.address from emails e join person_emails pe on pe.email_id = "
                                + "e.id "
                                + "where e.address like 'new.signup%' group by e.address having count(*) = 1) one"))
                .isEqualTo(20);
        assertThat(count(f, "select count(*) from emails where address like 'new.signup%'"))
                .isEqualTo(20);
        assertThat(count(
                        f,
                        "select count(*) from people p join person_emails pe on pe.person_id = p.id join emails e on "
                                + "e.id = pe.email_id where e.address = '" + existing + "' and p.user_id is not null"))
                .isEqualTo(1);
        assertThat(count(
                        f,
                        "select count(*) from contacts where source = 'website_signup' and created_at > "
                                + "now() - interval '1 hour'"))
                .as("the legacy trigger no longer writes contacts")
                .isZero();
    }
}
