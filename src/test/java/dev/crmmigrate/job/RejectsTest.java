package dev.crmmigrate.job;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import dev.crmmigrate.support.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenarios 9 and 12 on a Family Office list: bad records are rejected one by one with file, line and
 * reason; above {@code rules.max_reject_ratio} the import stops before writing anything; reject files are readable by
 * their owner alone.
 */
@Slow(seconds = 30)
class RejectsTest {
    static final String HEADER =
            "record_id,firm,firm_type,contact_name,title,email,phone,linkedin_url,location,aum_usd_m\n";
    static Database db;
    static JobContext ctx;

    @TempDir
    static Path work;

    @BeforeAll
    static void crm() {
        db = TestDatabase.freshDatabase("rejects");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        ctx = TestJobs.context(db, work.resolve("work"));
    }

    static String row(int i, String email, String phone) {
        return "FO-%d,Firm %d,single,Person %d,Partner,%s,%s,,NYC,10\n".formatted(i, i % 3, i, email, phone);
    }

    @Test
    void aboveTheRejectRatioNothingIsWritten() throws IOException {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 10; i++) {
            csv.append(i <= 6 ? "FO-" + i + ",ragged row\n" : row(i, "p" + i + "@example.com", ""));
        }
        Path file = work.resolve("fo-mostly-bad.csv");
        Files.writeString(file, csv);
        Map<String, String> before = Checksums.of(db);

        assertThatThrownBy(() -> SourceImportJob.run(ctx, SourceImportJob.Kind.FAMILY_OFFICE, file, "ratio_stop"))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("6 of 10 input records (60.0%) were rejected, above rules.max_reject_ratio 5.0%")
                .hasMessageContaining("nothing was written");
        assertThat(Checksums.of(db)).isEqualTo(before);
        assertThat(count(db, "select count(*) from migration_runs")).isZero();
    }

    @Test
    void badRecordsAndBadFieldsAreRejectedOneByOneWithTheirLine() throws IOException {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 40; i++) {
            csv.append(
                    switch (i) {
                        case 7 -> "FO-7,\"Firm \"with\" quotes,single,Person 7,,,,,,\n";
                        case 11 -> row(i, "not-an-email", "");
                        case 12 -> row(i, "p12@example.com", "12");
                        default -> row(i, "p" + i + "@example.com", "");
                    });
        }
        Path file = work.resolve("fo-some-bad.csv");
        Files.writeString(file, csv);

        ImportOutcome out = SourceImportJob.run(ctx, SourceImportJob.Kind.FAMILY_OFFICE, file, "some_rejects");
        assertThat(out.read()).isEqualTo(40);
        assertThat(out.rejected()).isEqualTo(1);
        long loaded = count(db, "select count(*) from people where details->>'import_source' = 'family_office'");
        assertThat(out.read()).as("read = loaded + rejected").isEqualTo(loaded + out.rejected());

        Path rejectsDir = work.resolve("work/runs/some_rejects/rejects");
        List<Row> rejects = TestSpark.get()
                .read()
                .format("delta")
                .load(rejectsDir.toString())
                .orderBy(col("line"))
                .collectAsList();
        assertThat(rejects)
                .extracting(r ->
                        r.getAs("source") + ":" + r.getAs("line") + ":" + r.getAs("field") + ":" + r.getAs("reason"))
                .containsExactly(
                        "fo-some-bad.csv:8:null:malformed quoting: text follows a closing quote inside a field",
                        "fo-some-bad.csv:12:email:email has no '@'",
                        "fo-some-bad.csv:13:phone:phone number is not valid for its region");
        assertThat(rejects.get(0).<String>getAs("value"))
                .isEqualTo("FO-7,\"Firm \"with\" quotes,single,Person 7,,,,,,");

        // Scenario 12: the rejects hold raw values, so the run folder and every file of it are the owner's alone.
        Set<PosixFilePermission> ownerOnly = Set.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(work.resolve("work/runs"))).isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(work.resolve("work/runs/some_rejects")))
                .isEqualTo(ownerOnly);
        try (Stream<Path> files = Files.walk(rejectsDir)) {
            assertThat(files.toList())
                    .hasSizeGreaterThan(2)
                    .allSatisfy(f -> assertThat(Files.getPosixFilePermissions(f))
                            .as(f.toString())
                            .isSubsetOf(ownerOnly));
        }
    }
}
