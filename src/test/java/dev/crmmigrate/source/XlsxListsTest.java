package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.ListSettings;
import dev.crmmigrate.support.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An .xlsx list reads like a CSV list: the same columns, rejects with their row number, the sheet the manifest names.
 */
class XlsxListsTest {
    @TempDir
    Path dir;

    /** A workbook whose first sheet is notes and whose second holds a HubSpot-style export. */
    private Path workbook(String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "crm-migrate-test", "1.0");
            Worksheet notes = wb.newWorksheet("Notes");
            notes.value(0, 0, "exported from HubSpot");
            Worksheet ws = wb.newWorksheet("Contacts");
            String[] header = {"First Name", "Last Name", "Email", "Company Name", "Phone Number"};
            for (int c = 0; c < header.length; c++) {
                ws.value(0, c, header[c]);
            }
            ws.value(1, 0, "Ada");
            ws.value(1, 1, "Lovelace");
            ws.value(1, 2, " ADA@Example.com ");
            ws.value(1, 3, "Analytical Engines Ltd");
            ws.value(1, 4, 2125550100L);
            // row 3 is empty: skipped like a blank line
            ws.value(3, 0, "Grace");
            ws.value(3, 2, "grace@example.com");
            ws.value(3, 3, "株式会社 コンパイラ");
            ws.value(4, 0, "Stray");
            ws.value(4, 2, "stray@example.com");
            ws.value(4, 6, "a value beyond the header");
            wb.finish();
        }
        return file;
    }

    @Test
    void theSheetNamedInTheManifestReadsLikeACsvListWithRowNumbersAsLines() throws IOException {
        workbook("investor_hubspot.xlsx");
        Files.writeString(
                dir.resolve("lists.yaml"),
                "lists:\n  - file: investor_hubspot.xlsx\n    category: fund\n    sheet: Contacts\n");

        Dataset<Row> records = OutreachLists.read(TestSpark.get(), dir, new ListSettings(null, null, null));
        List<Row> good =
                CsvSource.Parsed.good(records).orderBy(col(CsvSource.LINE)).collectAsList();
        List<Row> bad = CsvSource.Parsed.malformed(records).collectAsList();

        assertThat(good)
                .extracting(r -> r.getAs(CsvSource.LINE) + "|" + r.getAs("email") + "|" + r.getAs("company") + "|"
                        + r.getAs("first_name") + "|" + r.getAs("phone") + "|" + r.getAs("category"))
                .containsExactly(
                        "2| ADA@Example.com |Analytical Engines Ltd|Ada|2125550100|fund",
                        "4|grace@example.com|株式会社 コンパイラ|Grace||fund");
        assertThat(bad)
                .extracting(r -> r.getAs("source") + ":" + r.getAs("line") + ":" + r.getAs("reason"))
                .containsExactly("investor_hubspot.xlsx:5:a value in column 7 where the header has 5");
    }

    @Test
    void withoutAManifestTheFirstSheetIsReadAndAMissingSheetIsNamed() throws IOException {
        Path file = workbook("developer_export.xlsx");
        assertThat(XlsxSource.header(file, null)).containsExactly("exported from HubSpot");
        assertThatThrownBy(() -> XlsxSource.header(file, "Leads"))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("no sheet named 'Leads'")
                .hasMessageContaining("[Notes, Contacts]");
        // The first sheet has no email column: the file is a rejected record whose reason names the file and the
        // accepted spellings, and the audit goes on; with lists.strict the read stops on it.
        assertThat(CsvSource.Parsed.malformed(
                                OutreachLists.read(TestSpark.get(), dir, new ListSettings(null, null, null)))
                        .where(org.apache.spark.sql.functions.col("source").equalTo("developer_export.xlsx"))
                        .select("line", "reason")
                        .collectAsList())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getLong(0)).isZero();
                    assertThat(r.getString(1)).contains("developer_export.xlsx").contains("no column for 'email'");
                });
        assertThatThrownBy(() ->
                        OutreachLists.read(TestSpark.get(), dir, new ListSettings(null, null, null).withStrict(true)))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("developer_export.xlsx")
                .hasMessageContaining("no column for 'email'");
    }
}
