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
 *
 * <p>These files are meant to be opened in a spreadsheet, and their cells hold names from lists and the CRM: a cell
 * that starts with {@code = + - @}, a tab or a carriage return would run as a formula there (CSV injection). Such a
 * cell is written with a leading apostrophe, which spreadsheets show as text and drop, and {@link Content#get} drops
 * again, so a value makes the round trip through the review flow unchanged.
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
    public record Content(List<String> header, List<CSVRecord> records) {
        /** A cell as it was before it was written safely for a spreadsheet. */
        public static String get(CSVRecord r, String column) {
            return unescape(r.get(column));
        }

        /** A cell by position, as it was before it was written safely for a spreadsheet. */
        public static String get(CSVRecord r, int column) {
            return unescape(r.get(column));
        }
    }

    /** Writes records whose cells a spreadsheet shows as text, never runs as a formula. */
    public static final class Printer implements java.io.Closeable {
        private final CSVPrinter out;

        Printer(CSVPrinter out) {
            this.out = out;
        }

        public void printRecord(Object... values) throws IOException {
            Object[] safe = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                safe[i] = values[i] instanceof String text ? escape(text) : values[i];
            }
            out.printRecord(safe);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** {@code =SUM(A1)} becomes {@code '=SUM(A1)}; a value that already starts with an apostrophe gets a second. */
    public static String escape(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        boolean escaped = c == '\'' && cell.length() > 1 && isEscapeWorthy(cell.charAt(1));
        return formula || escaped ? "'" + cell : cell;
    }

    /** The inverse of {@link #escape}. */
    public static String unescape(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && isEscapeWorthy(cell.charAt(1))) {
            return cell.substring(1);
        }
        return cell;
    }

    private static boolean isEscapeWorthy(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\'';
    }

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

    /** A printer that writes the header, then one record per call of {@code printRecord}, spreadsheet-safe. */
    public static Printer writer(Writer out, String... header) throws IOException {
        return new Printer(WRITE.builder().setHeader(header).get().print(out));
    }
}
