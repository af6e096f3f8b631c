package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.support.TestSpark;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenario 8: hostile CSV lists. Every bad record goes to rejects with its file, line and reason, every
 * good one is loaded, and {@code read = loaded + rejected}. (The 1 GB file is {@link HugeCsvIT}.)
 */
class HostileCsvTest {
    static final List<String> COLUMNS = List.of("email", "company", "full_name");
    static final Map<String, List<String>> ALIASES =
            Map.of("email", List.of("e-mail"), "company", List.of(), "full_name", List.of("name"));
    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void session() {
        spark = TestSpark.get();
    }

    record Outcome(List<Row> loaded, List<Row> rejected, long read) {
        Row rejectAt(long line) {
            return rejected.stream()
                    .filter(r -> r.getLong(r.fieldIndex("line")) == line)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no reject at line " + line + " in " + rejected));
        }

        List<Long> loadedLines() {
            return loaded.stream()
                    .map(r -> r.getLong(r.fieldIndex(CsvSource.LINE)))
                    .sorted()
                    .toList();
        }
    }

    Outcome read(String name, byte[] content, Charset charset) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        Dataset<Row> records = CsvSource.read(spark, file, charset, ALIASES, COLUMNS, List.of("email"))
                .records();
        List<Row> loaded = CsvSource.Parsed.good(records).collectAsList();
        List<Row> rejected = CsvSource.Parsed.malformed(records).collectAsList();
        long read = records.count();
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.getString(r.fieldIndex("source"))).isEqualTo(name);
            assertThat(r.getString(r.fieldIndex("reason"))).isNotBlank();
        });
        assertThat(read).as("read = loaded + rejected").isEqualTo(loaded.size() + rejected.size());
        return new Outcome(loaded, rejected, read);
    }

    Outcome read(String name, String content) throws IOException {
        return read(name, content.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Test
    void raggedRowsAndExtraColumnsAreRejectedWithTheirLine() throws IOException {
        Outcome o = read(
                "ragged.csv",
                "email,company,name\na@x.com,Acme,Ann\nb@x.com,Beta\nc@x.com,Gamma,Cy,extra,more\nd@x.com,Delta,Di\n");
        assertThat(o.loadedLines()).containsExactly(2L, 5L);
        assertThat(o.rejectAt(3).getString(5)).isEqualTo("2 fields where the header has 3");
        assertThat(o.rejectAt(4).getString(5)).isEqualTo("5 fields where the header has 3");
        assertThat(o.rejectAt(4).getString(4)).isEqualTo("c@x.com,Gamma,Cy,extra,more");
    }

    @Test
    void anUnbalancedQuoteRejectsOnlyItsLineAndReadingGoesOn() throws IOException {
        Outcome o = read(
                "quotes.csv",
                "email,company,name\na@x.com,\"Acme, Inc.,Ann\nb@x.com,Beta,Bo\nc@x.com,\"Gam\"ma\",Cy\n");
        assertThat(o.rejectAt(2).getString(5)).startsWith("unbalanced quote");
        assertThat(o.rejectAt(4).getString(5)).contains("malformed quoting");
        assertThat(o.loadedLines()).containsExactly(3L);
        assertThat(o.read).isEqualTo(3);

        Outcome atEnd = read("quote-at-end.csv", "email,company,name\na@x.com,Acme,Ann\nb@x.com,\"Beta,Bo\n");
        assertThat(atEnd.rejectAt(3).getString(5)).contains("not closed before the end of the file");
        assertThat(atEnd.loadedLines()).containsExactly(2L);
    }

    @Test
    void embeddedNewlinesStayInTheirFieldAndLaterLinesKeepTheirNumbers() throws IOException {
        Outcome o = read(
                "multiline.csv",
                "email,company,name\na@x.com,\"Acme\nNorth\r\nDivision\",Ann\nb@x.com,\"Say \"\"hi\"\"\",O\"Brien\n");
        assertThat(o.rejected).isEmpty();
        assertThat(o.loadedLines()).containsExactly(2L, 5L);
        assertThat(o.loaded).anySatisfy(r -> assertThat(r.getString(1)).isEqualTo("Acme\nNorth\nDivision"));
        assertThat(o.loaded).anySatisfy(r -> {
            assertThat(r.getString(1)).isEqualTo("Say \"hi\"");
            assertThat(r.getString(2)).isEqualTo("O\"Brien");
        });
    }

    @Test
    void byteOrderMarkCrlfAndHeaderSpellingsAreRead() throws IOException {
        Outcome o = read("bom.csv", "\uFEFF\"E-Mail\",Company,Name\r\na@x.com,Acme,Ann\r\n\r\nb@x.com,Beta,Bo\r\n");
        assertThat(o.rejected).isEmpty();
        assertThat(o.loaded).extracting(r -> r.getString(0)).containsExactlyInAnyOrder("a@x.com", "b@x.com");
        assertThat(o.loadedLines()).containsExactly(2L, 4L);
    }

    @Test
    void latin1BytesInAUtf8FileAreRejectedAndReadWhenTheEncodingIsConfigured() throws IOException {
        byte[] content = "email,company,name\na@x.com,Caf\u00e9 Roma,Ren\u00e9\nb@x.com,Beta,Bo\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Outcome utf8 = read("latin1.csv", content, StandardCharsets.UTF_8);
        assertThat(utf8.rejectAt(2).getString(5)).contains("not valid UTF-8").contains("lists.encoding");
        assertThat(utf8.loadedLines()).containsExactly(3L);

        Outcome latin1 = read("latin1-configured.csv", content, StandardCharsets.ISO_8859_1);
        assertThat(latin1.rejected).isEmpty();
        assertThat(latin1.loaded).anySatisfy(r -> assertThat(r.getString(1)).isEqualTo("Caf\u00e9 Roma"));
    }

    @Test
    void emptyAndHeaderOnlyFilesHaveNoRecords() throws IOException {
        assertThat(read("empty.csv", "").read).isZero();
        assertThat(read("header-only.csv", "email,company,name\n").read).isZero();
        assertThat(read("header-only-no-newline.csv", "email,company,name").read)
                .isZero();
    }

    @Test
    void aTenMegabyteFieldRejectsItsRecordOnly() throws IOException {
        String huge = "x".repeat(10 * 1024 * 1024);
        Outcome o = read("huge-field.csv", "email,company,name\na@x.com,\"" + huge + "\",Ann\nb@x.com,Beta,Bo\n");
        assertThat(o.rejectAt(2).getString(5))
                .isEqualTo("field 2 is 10,485,760 characters long; the limit is 1,048,576");
        assertThat(o.rejectAt(2).getString(4)).hasSize(huge.length() + "a@x.com,\"\",Ann".length());
        assertThat(o.loadedLines()).containsExactly(3L);
    }

    @Test
    void aHeaderWithoutTheRequiredColumnNamesTheFileAndTheValidSpellings() throws IOException {
        Path file = dir.resolve("no-email.csv");
        Files.writeString(file, "company,name\nAcme,Ann\n");
        assertThatThrownBy(
                        () -> CsvSource.read(spark, file, StandardCharsets.UTF_8, ALIASES, COLUMNS, List.of("email")))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("no-email.csv")
                .hasMessageContaining("'email'")
                .hasMessageContaining("e-mail");
    }

    @Test
    void rejectsOfAStagedReadKeepFileLineAndReason() throws IOException {
        Path file = dir.resolve("mixed.csv");
        Files.writeString(file, "email,company,name\na@x.com,Acme,Ann\nbroken\n");
        Dataset<Row> records = CsvSource.read(spark, file, StandardCharsets.UTF_8, ALIASES, COLUMNS, List.of("email"))
                .records();
        Path staged = dir.resolve("staged");
        records.write().format("delta").save(staged.toString());
        Dataset<Row> back = spark.read().format("delta").load(staged.toString());
        assertThat(CsvSource.Parsed.malformed(back)
                        .where(col("line").equalTo(3))
                        .count())
                .isEqualTo(1);
        assertThat(CsvSource.Parsed.good(back).count()).isEqualTo(1);
    }
}
