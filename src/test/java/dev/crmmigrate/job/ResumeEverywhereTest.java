package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Faults;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.stage.Phase;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenario 2 at every boundary: the contacts import dies after each of its staged phases in turn and
 * between its COPY and its transaction — each run resuming the last one and dying one step further — and the run
 * that finally completes leaves the CRM row for row as an uninterrupted run does. The death is an Error thrown at the
 * fault point (what is on disk then is what a SIGKILL there leaves: each point follows a durable Delta commit or
 * precedes the transaction); {@code KillAndResumeIT} kills the real process at five points, inside the COPY and the
 * transaction included.
 */
@Slow(seconds = 100)
class ResumeEverywhereTest {
    @TempDir
    Path dir;

    static final class SimulatedCrash extends Error {
        SimulatedCrash(String point) {
            super("simulated crash at " + point);
        }
    }

    @AfterEach
    void disarm() {
        Faults.disarm();
    }

    /** Every point of the contacts import, in the order a run reaches them. */
    static List<String> points() {
        // The staged contacts (phases 1-4) and the change plan of every CRM table (phases 5-8). The demo's legacy
        // contacts have no rejected field, so no rejects table is written (HostileInputTest stages one).
        List<String> p = new ArrayList<>(List.of("stage:" + Phase.CONTACTS.dir(), "stage:" + Phase.PLAN.dir()));
        p.add("load:before-transaction");
        return p;
    }

    Database prepared(String name) {
        Database db = TestDatabase.freshDatabase(name);
        SeedLegacyJob.run(db, DemoFixture.small());
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        return db;
    }

    @Test
    void diesAfterEveryPhaseInTurnAndTheFinalRunEqualsAnUninterruptedOne() {
        Database clean = prepared("resume_clean");
        ContactsImportJob.run(TestJobs.context(clean, dir.resolve("clean")), null);

        Database db = prepared("resume_everywhere");
        JobContext ctx = TestJobs.context(db, dir.resolve("work"));
        Map<String, String> before = Checksums.of(db);
        for (String point : points()) {
            Faults.arm(point, () -> {
                throw new SimulatedCrash(point);
            });
            assertThatThrownBy(() -> ContactsImportJob.run(ctx)).as(point).isInstanceOf(SimulatedCrash.class);
            assertThat(Checksums.of(db))
                    .as("nothing written by a run that died at " + point)
                    .isEqualTo(before);
        }
        Faults.disarm();
        ImportOutcome done = ContactsImportJob.run(ctx);
        assertThat(done.resumed()).isTrue();
        assertThat(done.checks())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
        assertThat(Checksums.stable(db))
                .as("same rows and ids as the uninterrupted run")
                .isEqualTo(Checksums.stable(clean));
    }
}
