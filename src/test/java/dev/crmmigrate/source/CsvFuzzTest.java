package dev.crmmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.Fuzz;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario 13, the CSV reader: any text is read without an exception escaping, every record either has
 * the header's number of fields or a reason, lines only go forward; and whatever a CSV writer writes is read back
 * exactly. Bounded: {@link Fuzz#TRIES} inputs per property.
 */
class CsvFuzzTest {
    static final String CSV_CHARS = "ab,\"\n\r \uFEFF\uFFFD\u00e9";

    static List<CsvRecords.Record> read(String text, int fields) {
        List<CsvRecords.Record> out = new ArrayList<>();
        new CsvRecords(new StringReader(text), fields, "UTF-8").forEachRemaining(out::add);
        return out;
    }

    @Test
    void anyTextIsReadIntoRecordsOrReasons() {
        Fuzz.check(r -> Fuzz.string(r, CSV_CHARS, 200), text -> {
            long physicalLines = text.isEmpty() ? 0 : text.split("\r\n|\r|\n", -1).length;
            long previous = 0;
            for (CsvRecords.Record rec : read(text, 3)) {
                assertThat(rec.line()).isGreaterThan(previous).isLessThanOrEqualTo(physicalLines);
                previous = rec.line();
                if (rec.ok()) {
                    assertThat(rec.fields()).hasSize(3);
                    assertThat(rec.raw()).doesNotContain("\uFFFD");
                } else {
                    assertThat(rec.fields()).isNull();
                    assertThat(rec.reason()).isNotBlank();
                    assertThat(rec.raw()).isNotNull();
                }
            }
        });
    }

    @Test
    void whatACsvWriterWritesIsReadBackExactly() {
        Fuzz.check(
                r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (int i = r.nextInt(8); i > 0; i--) {
                        rows.add(List.of(
                                Fuzz.string(r, "aZ,\"\n\r #\u00e9", 12),
                                Fuzz.string(r, "aZ,\"\n\r #", 12),
                                Fuzz.string(r, "aZ,\"\n ", 12)));
                    }
                    return rows;
                },
                rows -> {
                    List<List<String>> expected = rows.stream()
                            .map(row -> row.stream()
                                    .map(f -> f.replace("\r\n", "\n").replace('\r', '\n'))
                                    .toList())
                            .toList();
                    if (expected.stream()
                            .flatMap(List::stream)
                            .anyMatch(f -> f.contains("\uFFFD") || f.startsWith("\uFEFF"))) {
                        return;
                    }
                    List<CsvRecords.Record> back = read(print(rows), 3);
                    assertThat(back).allSatisfy(rec -> assertThat(rec.reason()).isNull());
                    // Line ends inside quoted fields come back as '\n', whatever they were written as.
                    assertThat(back.stream().map(rec -> List.of(rec.fields())).toList())
                            .isEqualTo(expected);
                });
    }

    static String print(List<List<String>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180)) {
            for (List<String> row : rows) {
                p.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
