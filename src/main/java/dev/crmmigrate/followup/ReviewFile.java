package dev.crmmigrate.followup;

import dev.crmmigrate.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The review files people edit between {@code orgs candidates} and {@code orgs merge}, read and written by Commons CSV
 * (RFC 4180). A file that went through a spreadsheet comes back as Excel writes "CSV UTF-8": a byte-order mark, CRLF
 * line ends, quoted fields with commas, quotes and line breaks; all of them read as written.
 */
public final class ReviewFile {
    private static final CSVFormat READ = CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .setTrim(true)
            .get();
    private static final CSVFormat WRITE =
            CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    private ReviewFile() {}

    /** A parsed file: its header names and records (review and truth files hold a few thousand lines at most). */
    public record Content(List<String> header, List<CSVRecord> records) {}

    /** Reads a review file; {@code what} names it in errors. */
    public static Content read(Path file, String what) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
            try (CSVParser p = READ.parse(r)) {
                return new Content(List.copyOf(p.getHeaderNames()), p.getRecords());
            }
        } catch (IOException | UncheckedIOException e) {
            throw Errors.missingInput(what + " (" + e.getMessage() + ")", file);
        }
    }

    /** A printer that writes the header, then one record per call of {@code printRecord}. */
    public static CSVPrinter writer(Writer out, String... header) throws IOException {
        return WRITE.builder().setHeader(header).get().print(out);
    }
}
