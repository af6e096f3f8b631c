package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A legacy CSV's header is data: parsed, checked against the table's columns, quoted; never pasted into SQL. */
class SeedLegacyHeaderTest {

    /** The demo's legacy folder, copied, with the contacts file's header line replaced. */
    static Path withContactsHeader(Path dir, String header) throws IOException {
        Path legacy = Files.createDirectories(dir.resolve("legacy"));
        try (var files = Files.list(DemoFixture.small().resolve("legacy"))) {
            for (Path f : files.toList()) {
                Files.copy(f, legacy.resolve(f.getFileName()));
            }
        }
        Path contacts = legacy.resolve("contacts.csv");
        List<String> lines = Files.readAllLines(contacts);
        lines.set(0, header);
        Files.write(contacts, lines);
        return dir;
    }

    @Test
    void aHeaderThatEndsTheColumnListAndRunsAProgramIsAnUnknownColumnAndNothingRuns(@TempDir Path dir)
            throws IOException {
        Database db = TestDatabase.freshDatabase("seed_header");
        Path marker = dir.resolve("program-ran");
        String original = Files.readAllLines(DemoFixture.small().resolve("legacy/contacts.csv"))
                .get(0);
        String hostile = original + ") FROM PROGRAM 'touch " + marker + "' --";
        Path demo = withContactsHeader(dir.resolve("demo"), hostile);

        assertThatThrownBy(() -> SeedLegacyJob.run(db, demo))
                .isInstanceOfSatisfying(
                        Errors.CrmMigrateException.class,
                        e -> assertThat(e.kind()).isEqualTo(Errors.Kind.CONFIG))
                .hasMessageContaining("contacts.csv, line 1")
                .hasMessageContaining("is not a column of contacts")
                .hasMessageContaining("FROM PROGRAM");
        assertThat(marker).doesNotExist();
        assertThat(TestDatabase.count(db, "select count(*) from auth.users")).isZero();
    }

    @Test
    void anUnknownColumnIsNamedWithTheValidOnes(@TempDir Path dir) throws IOException {
        Database db = TestDatabase.freshDatabase("seed_header_unknown");
        String original = Files.readAllLines(DemoFixture.small().resolve("legacy/contacts.csv"))
                .get(0);
        Path demo = withContactsHeader(dir.resolve("demo"), original.replaceFirst("^[^,]+", "\"Ident\"\"ity\""));

        assertThatThrownBy(() -> SeedLegacyJob.run(db, demo))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("column 1: 'Ident\"ity' is not a column of contacts; its columns are: id, ");
    }

    @Test
    void aQuotedHeaderOfRealColumnsLoads(@TempDir Path dir) throws IOException {
        Database db = TestDatabase.freshDatabase("seed_header_quoted");
        String original = Files.readAllLines(DemoFixture.small().resolve("legacy/contacts.csv"))
                .get(0);
        String quoted = "\"" + original.replace(",", "\",\"") + "\"";
        Path demo = withContactsHeader(dir.resolve("demo"), quoted);

        assertThat(SeedLegacyJob.run(db, demo).get("contacts")).isPositive();
    }
}
