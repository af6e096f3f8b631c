package dev.crmmigrate.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the records of one CSV text, each with the line it starts on, and never gives up on a file because of one
 * bad record: a record that cannot be read comes back with its raw text and a reason instead of fields, and reading
 * goes on with the next line. Memory is bounded by the longest record, whatever the file's size.
 *
 * <p>Record boundaries are found here (a quoted field may span lines); the fields of each record are parsed by
 * Commons CSV (RFC 4180). Why not Spark's CSV reader: with multi-line records it cannot say on which line a bad
 * record sits, and it fills short rows with nulls instead of rejecting them.
 *
 * <p>Rejected, with a reason: a quote that is never closed (within {@link #MAX_RECORD_LINES} lines or before the end
 * of the file) or that closes into a record that does not parse — only its first line is rejected and the lines after
 * it are read again as records, text after a closing
 * quote, more or fewer fields than the header, a field over {@link #MAX_FIELD_CHARS} characters, bytes that are not
 * valid in the file's encoding (decoded as U+FFFD by the caller's reader), a line over {@link #MAX_LINE_CHARS}
 * characters. Blank lines are skipped; a byte-order mark is dropped; LF, CRLF and CR all end lines.
 */
public final class CsvRecords implements Iterator<CsvRecords.Record>, Closeable {
    /** Longest accepted field. A longer one rejects its record (a 10 MB "email" is not an email). */
    public static final int MAX_FIELD_CHARS = 1 << 20;
    /** Lines a quoted field may span before its opening quote is judged unbalanced. */
    public static final int MAX_RECORD_LINES = 200;
    /** Longest line kept in memory; the rest of a longer line is skipped, and the line rejected. */
    public static final int MAX_LINE_CHARS = 1 << 26;
    /** Raw text kept in a reject of an overlong line. */
    static final int KEPT_CHARS = 10_000;

    /** The delimiters a list may use, in the order a tie between them is decided. */
    public static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');

    private final CSVFormat format;
    private final char delimiter;

    /**
     * One record.
     *
     * @param line   1-based line of the file on which the record starts
     * @param fields the parsed fields, or null when rejected
     * @param raw    the record's text as read (lines joined by '\n')
     * @param reason why it is rejected, or null
     */
    public record Record(long line, String[] fields, String raw, String reason) {
        public boolean ok() {
            return reason == null;
        }
    }

    /** One physical line, without its terminator. */
    private record Line(long number, String text, boolean overlong) {}

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final Reader in;
    private final int expectedFields;
    private final String encoding;
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long lineNumber;
    private boolean first = true;
    private Record next;

    /**
     * @param in             the decoded text (buffering is done here)
     * @param expectedFields fields every record must have; negative to accept any number (for reading a header)
     * @param encoding       named in the reason of a record with undecodable bytes
     */
    public CsvRecords(Reader in, int expectedFields, String encoding) {
        this(in, expectedFields, encoding, ',');
    }

    /**
     * @param delimiter the field delimiter: one of {@link #DELIMITERS}
     */
    public CsvRecords(Reader in, int expectedFields, String encoding, char delimiter) {
        if (!DELIMITERS.contains(delimiter)) {
            throw new IllegalArgumentException("delimiter '" + delimiter + "' is not one of " + DELIMITERS);
        }
        this.in = in;
        this.expectedFields = expectedFields;
        this.encoding = encoding;
        this.delimiter = delimiter;
        this.format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(false)
                .get();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record r = next;
        next = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private Record advance() {
        Line start;
        do {
            start = nextLine();
            if (start == null) {
                return null;
            }
        } while (start.text.isEmpty() && !start.overlong);
        if (start.overlong) {
            return reject(start.number, start.text, "the line is longer than %,d characters".formatted(MAX_LINE_CHARS));
        }
        List<Line> lines = new ArrayList<>(List.of(start));
        int state = scan(start.text, FIELD_START, delimiter);
        while (state == QUOTED) {
            Line more = lines.size() < MAX_RECORD_LINES ? nextLine() : null;
            if (more == null || more.overlong) {
                if (more != null) {
                    pushedBack.addFirst(more);
                }
                // Only the opening line is rejected; the lines after it are read again as records of their own.
                for (int i = lines.size() - 1; i >= 1; i--) {
                    pushedBack.addFirst(lines.get(i));
                }
                return reject(
                        start.number,
                        start.text,
                        lines.size() >= MAX_RECORD_LINES
                                ? "unbalanced quote: a quoted field opened on this line is not closed within %d lines"
                                        .formatted(MAX_RECORD_LINES)
                                : "unbalanced quote: a quoted field opened on this line is not closed before the end "
                                        + "of the file");
            }
            lines.add(more);
            state = scan(more.text, QUOTED, delimiter);
        }
        StringBuilder raw = new StringBuilder(start.text);
        for (int i = 1; i < lines.size(); i++) {
            raw.append('\n').append(lines.get(i).text);
        }
        Record r = parse(start.number, raw.toString());
        if (r.ok() || lines.size() == 1) {
            return r;
        }
        // A record spanning lines that does not parse is most often a stray quote that swallowed the lines after it:
        // reject the line that opened the quote and read the others again.
        for (int i = lines.size() - 1; i >= 1; i--) {
            pushedBack.addFirst(lines.get(i));
        }
        return reject(
                start.number,
                start.text,
                "unbalanced quote: the quoted field opened on this line does not close into a valid record ("
                        + r.reason() + ")");
    }

    private Record parse(long line, String raw) {
        String[] fields;
        try (CSVParser p = CSVParser.parse(raw, format)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) {
                return reject(line, raw, "malformed CSV record: it parses as %d records".formatted(records.size()));
            }
            fields = records.get(0).values();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            return reject(
                    line,
                    raw,
                    m.toLowerCase(Locale.ROOT).contains("between encapsulated token and delimiter")
                            ? "malformed quoting: text follows a closing quote inside a field"
                            : "malformed CSV record: "
                                    + m.replaceAll("^.*Exception: ", "")
                                            .replaceAll(" at line: \\d+, position: \\d+", ""));
        }
        if (raw.indexOf('\uFFFD') >= 0) {
            return reject(
                    line,
                    raw,
                    "bytes that are not valid %s text (set lists.encoding to the file's encoding)".formatted(encoding));
        }
        if (expectedFields >= 0 && fields.length != expectedFields) {
            return reject(
                    line,
                    raw,
                    "%d field%s where the header has %d"
                            .formatted(fields.length, fields.length == 1 ? "" : "s", expectedFields));
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].length() > MAX_FIELD_CHARS) {
                return reject(
                        line,
                        raw,
                        "field %d is %,d characters long; the limit is %,d"
                                .formatted(i + 1, fields[i].length(), MAX_FIELD_CHARS));
            }
        }
        return new Record(line, fields, raw, null);
    }

    private static Record reject(long line, String raw, String reason) {
        return new Record(line, null, raw, reason);
    }

    /**
     * Where a line leaves the field-boundary state machine: a quote opens a quoted field only at the start of a field
     * (elsewhere it is a literal character, as in {@code O"Brien}); inside one, a doubled quote is an escaped quote. A
     * record goes on past the end of its line only when the line ends inside a quoted field.
     */
    static int scan(String text, int state, char delimiter) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            state = switch (state) {
                case FIELD_START -> c == '"' ? QUOTED : c == delimiter ? FIELD_START : UNQUOTED;
                case UNQUOTED -> c == delimiter ? FIELD_START : UNQUOTED;
                case QUOTED -> c == '"' ? QUOTE_IN_QUOTED : QUOTED;
                default -> c == '"' ? QUOTED : c == delimiter ? FIELD_START : UNQUOTED;
            };
        }
        return state;
    }

    /** The next physical line (LF, CRLF or CR ends it), or null at the end of the text. */
    private Line nextLine() {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pollFirst();
        }
        StringBuilder text = new StringBuilder();
        boolean overlong = false;
        boolean sawAny = false;
        while (pos < len || fill()) {
            char c = buf[pos++];
            sawAny = true;
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (c == '\n' || c == '\r') {
                if (c == '\r' && (pos < len || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                break;
            }
            if (text.length() < MAX_LINE_CHARS) {
                text.append(c);
            } else {
                overlong = true;
            }
        }
        if (!sawAny) {
            return null;
        }
        lineNumber++;
        return new Line(lineNumber, overlong ? text.substring(0, KEPT_CHARS) : text.toString(), overlong);
    }

    private boolean fill() {
        try {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                pos = len = 0;
                return false;
            }
            pos = 0;
            len = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
