package dev.crmmigrate.source;

import dev.crmmigrate.normalize.Emails;
import ezvcard.VCard;
import ezvcard.io.text.VCardReader;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.VCardProperty;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.TaskCompletionListener;

/**
 * vCard lists ({@code .vcf}, versions 2.1, 3.0 and 4.0, as iPhone, macOS Contacts, Gmail and Outlook export them) read
 * card by card with ez-vcard, which unfolds lines, decodes quoted-printable values and reads grouped properties. A
 * card is a record in the canonical list columns, with the line its {@code BEGIN:VCARD} is on: the email is the first
 * valid address among its EMAIL properties (the preferred one first), the phone the first TEL (preferred first), the
 * company the first ORG's name, the name from FN and N. A card the reader cannot parse is a reject with its line and
 * the reason, and reading goes on.
 */
public final class VcfSource {
    private VcfSource() {}

    public static boolean isVcf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".vcf") || n.endsWith(".vcard");
    }

    /** Reads a vCard file in one Spark task, in {@code charset} (quoted-printable values name their own). */
    public static CsvSource.Parsed read(SparkSession spark, Path file, Charset charset, List<String> canonical) {
        String path = file.toAbsolutePath().toString();
        String name = file.getFileName().toString();
        String encoding = charset.name();
        List<String> columns = List.copyOf(canonical);
        Dataset<Row> rows = spark.createDataset(List.of(path), Encoders.STRING())
                .flatMap(
                        (FlatMapFunction<String, Row>) p -> rows(Path.of(p), name, Charset.forName(encoding), columns),
                        Encoders.row(CsvSource.schema(canonical)));
        return new CsvSource.Parsed(rows);
    }

    /** The cards of a file as rows of {@link CsvSource#schema}; the file is closed when the task ends. */
    public static Iterator<Row> rows(Path file, String name, Charset charset, List<String> canonical)
            throws IOException {
        BeginLines lines = new BeginLines(CsvSource.open(file, charset));
        VCardReader reader = new VCardReader(lines);
        reader.setDefaultQuotedPrintableCharset(charset);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) t -> close(reader));
        }
        return new Iterator<>() {
            private Row next;
            private int card;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    next = advance();
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }

            private Row advance() {
                Object[] values = new Object[canonical.size() + 4];
                values[canonical.size()] = name;
                try {
                    VCard v = reader.readNext();
                    if (v == null) {
                        done = true;
                        return null;
                    }
                    values[canonical.size() + 1] = lines.line(card++);
                    for (int i = 0; i < canonical.size(); i++) {
                        values[i] = value(v, canonical.get(i));
                    }
                } catch (IOException | RuntimeException e) {
                    // The reader cannot go on past a broken stream: this card is the last one read.
                    done = true;
                    values[canonical.size() + 1] = lines.line(card);
                    values[canonical.size() + 2] = "BEGIN:VCARD";
                    values[canonical.size() + 3] = "the vCard cannot be read: " + e.getMessage();
                }
                return RowFactory.create(values);
            }
        };
    }

    /** One canonical column of a card. */
    static String value(VCard v, String column) {
        return switch (column) {
            case "email" -> email(v.getEmails());
            case "phone" ->
                byPref(v.getTelephoneNumbers(), Telephone::getPref).stream()
                        .map(t -> t.getText() != null
                                ? t.getText()
                                : t.getUri() != null ? t.getUri().getNumber() : null)
                        .filter(t -> t != null && !t.isBlank())
                        .findFirst()
                        .orElse(null);
            case "company" ->
                byPref(v.getOrganizations(), Organization::getPref).stream()
                        .flatMap(o -> o.getValues().stream().limit(1))
                        .filter(o -> o != null && !o.isBlank())
                        .findFirst()
                        .orElse(null);
            case "title" ->
                v.getTitles().stream()
                        .map(Title::getValue)
                        .filter(t -> t != null && !t.isBlank())
                        .findFirst()
                        .orElse(null);
            case "full_name" -> {
                FormattedName fn = v.getFormattedName();
                yield fn == null ? null : fn.getValue();
            }
            case "first_name" -> {
                StructuredName n = v.getStructuredName();
                yield n == null ? null : n.getGiven();
            }
            case "last_name" -> {
                StructuredName n = v.getStructuredName();
                yield n == null ? null : n.getFamily();
            }
            default -> null;
        };
    }

    /** The first valid address, the preferred ones first; else the first one written (so its reject shows it). */
    static String email(List<Email> emails) {
        String first = null;
        for (Email e : byPref(emails, Email::getPref)) {
            String raw = e.getValue();
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String n = Emails.normalize(raw);
            if (n != null && Emails.invalidReason(n) == null) {
                return raw;
            }
            first = first == null ? raw : first;
        }
        return first;
    }

    /**
     * The properties in order of preference: a PREF parameter (4.0; 1 = most preferred), else TYPE=pref (2.1, 3.0)
     * as 1, else the order written.
     */
    private static <T extends VCardProperty> List<T> byPref(List<T> props, Function<T, Integer> pref) {
        List<T> out = new ArrayList<>(props);
        out.sort(Comparator.comparing(p -> preference(p, pref)));
        return out;
    }

    private static <T extends VCardProperty> int preference(T p, Function<T, Integer> pref) {
        Integer n = pref.apply(p);
        if (n != null) {
            return n;
        }
        boolean typed = p.getParameters().getTypes().stream().anyMatch(t -> t.equalsIgnoreCase("pref"))
                || p.getParameters().get("PREF").stream().anyMatch(v -> v == null || v.isEmpty());
        return typed ? 1 : Integer.MAX_VALUE;
    }

    private static void close(VCardReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Passes the text through, noting the 1-based line of every {@code BEGIN:VCARD} as the parser reads past it. */
    static final class BeginLines extends FilterReader {
        private static final String BEGIN = "BEGIN:VCARD";
        private final List<Long> begins = new ArrayList<>();
        private final StringBuilder lineStart = new StringBuilder();
        private long line = 1;
        private boolean atStart = true;
        private boolean afterCr;

        BeginLines(Reader in) {
            super(in);
        }

        /** The line of the {@code k}-th card (0-based); 0 when it was not seen. */
        long line(int k) {
            return k < begins.size() ? begins.get(k) : 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                see((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = 0; i < n; i++) {
                see(buf[off + i]);
            }
            return n;
        }

        private void see(char c) {
            if (c == '\n' || c == '\r') {
                if (!(c == '\n' && afterCr)) {
                    line++;
                }
                afterCr = c == '\r';
                atStart = true;
                lineStart.setLength(0);
                return;
            }
            afterCr = false;
            if (atStart) {
                if (lineStart.isEmpty() && (c == '\uFEFF' || c == ' ' || c == '\t')) {
                    return;
                }
                lineStart.append(Character.toUpperCase(c));
                if (lineStart.length() == BEGIN.length()) {
                    if (lineStart.toString().equals(BEGIN)) {
                        begins.add(line);
                    }
                    atStart = false;
                } else if (!BEGIN.startsWith(lineStart.toString())) {
                    atStart = false;
                }
            }
        }
    }
}
