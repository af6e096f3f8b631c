package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.crmmigrate.Errors;
import dev.crmmigrate.normalize.Emails;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Reads one CSV file in a Spark task, streaming its records through {@link CsvRecords}: the header is read first and
 * its columns are mapped to canonical names by an alias table; every record that cannot be read against that header
 * keeps its raw text, its line and a reason, and becomes a reject, so nothing is silently lost:
 * {@code read = loaded + rejected}. One file is one task (a multi-line CSV file cannot be split safely); memory is
 * bounded by the longest record.
 */
public final class CsvSource {
    public static final String CORRUPT = "_corrupt_record";
    public static final String SOURCE_FILE = "_source_file";
    public static final String LINE = "_line";
    public static final String REASON = "_reject_reason";

    private CsvSource() {}

    /**
     * Parsed records in canonical columns plus the file, line, raw text and reject reason. Stage them (Delta) before
     * splitting, so the file is read once.
     */
    public record Parsed(Dataset<Row> records) {
        public static Dataset<Row> good(Dataset<Row> records) {
            return records.where(col(REASON).isNull()).drop(CORRUPT, REASON);
        }

        public static Dataset<Row> malformed(Dataset<Row> records) {
            return records.where(col(REASON).isNotNull())
                    .select(
                            col(SOURCE_FILE).as("source"),
                            col(LINE).as("line"),
                            lit(null).cast("string").as("record_id"),
                            lit(null).cast("string").as("field"),
                            col(CORRUPT).as("value"),
                            col(REASON).as("reason"));
        }
    }

    /** The header of a file (its first record), or an empty list for an empty file. */
    public static List<String> header(Path file, Charset charset) {
        try (CsvRecords records = new CsvRecords(open(file, charset), -1, charset.name())) {
            if (!records.hasNext()) {
                return List.of();
            }
            CsvRecords.Record h = records.next();
            if (!h.ok()) {
                throw Errors.config("%s line %d: the header cannot be read: %s", file, h.line(), h.reason());
            }
            return Arrays.stream(h.fields()).map(String::strip).toList();
        } catch (IOException | UncheckedIOException e) {
            throw Errors.missingInput("CSV file (" + e.getClass().getSimpleName() + ")", file);
        }
    }

    /** Undecodable bytes become U+FFFD, which rejects their record instead of failing the file. */
    static Reader open(Path file, Charset charset) throws IOException {
        return new InputStreamReader(
                Files.newInputStream(file),
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** Header spellings compare ignoring case, spaces, '-' and '_'. */
    public static String squash(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }

    /**
     * Maps a file's header to canonical columns.
     *
     * @param aliases  canonical name → accepted spellings
     * @param required canonical names that must be present
     * @return canonical name → position in the header
     */
    public static Map<String, Integer> mapHeader(
            Path file, List<String> header, Map<String, List<String>> aliases, List<String> required) {
        Map<String, Integer> found = new LinkedHashMap<>();
        headerMapping(header, aliases).forEach((c, at) -> found.put(c, at.get(0)));
        for (String r : required) {
            if (!found.containsKey(r)) {
                throw Errors.config(
                        "%s: no column for '%s' in the header %s; accepted spellings: %s (configure "
                                + "lists.header_aliases)",
                        file, r, header, aliases.getOrDefault(r, List.of(r)));
            }
        }
        return found;
    }

    /**
     * Every header position of each canonical column: exact spellings first, in header order. A spelling numbered 1
     * ("E-mail 1 - Value") also matches the same spelling with another number ("E-mail 2 - Value"), as exports with
     * repeated columns write; a column named as another canonical column never does.
     */
    public static Map<String, List<Integer>> headerMapping(List<String> header, Map<String, List<String>> aliases) {
        Map<String, List<Integer>> exact = new LinkedHashMap<>();
        Map<String, List<Integer>> numbered = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = squash(header.get(i));
            String anyNumber = h.replaceAll("\\d+", "#");
            for (Map.Entry<String, List<String>> a : aliases.entrySet()) {
                List<String> spellings =
                        a.getValue().stream().map(CsvSource::squash).toList();
                if (squash(a.getKey()).equals(h) || spellings.contains(h)) {
                    exact.computeIfAbsent(a.getKey(), k -> new ArrayList<>()).add(i);
                } else if (spellings.stream()
                        .anyMatch(x -> x.replaceAll("\\d+", "#").equals(anyNumber)
                                && x.replaceAll("\\D+", "").equals("1"))) {
                    numbered.computeIfAbsent(a.getKey(), k -> new ArrayList<>()).add(i);
                }
            }
        }
        // Exact spellings first: a column named exactly as a canonical one is its column; numbered ones follow.
        Map<String, List<Integer>> found = new LinkedHashMap<>(exact);
        Set<Integer> taken = new HashSet<>();
        exact.values().forEach(taken::addAll);
        numbered.forEach((c, at) -> at.stream()
                .filter(i -> !taken.contains(i))
                .forEach(i -> found.computeIfAbsent(c, k -> new ArrayList<>()).add(i)));
        return found;
    }

    /**
     * The schema of {@link #read}: canonical columns, then file, line, raw text of a rejected record and its reason.
     */
    public static StructType schema(List<String> canonical) {
        StructType s = new StructType();
        for (String c : canonical) {
            s = s.add(c, DataTypes.StringType, true);
        }
        return s.add(SOURCE_FILE, DataTypes.StringType, false)
                .add(LINE, DataTypes.LongType, false)
                .add(CORRUPT, DataTypes.StringType, true)
                .add(REASON, DataTypes.StringType, true);
    }

    /**
     * Reads a file whose header is mapped to canonical columns; canonical columns missing from the file are null. An
     * empty or header-only file has no records.
     *
     * @param canonical the canonical columns of the result, in order
     */
    public static Parsed read(
            SparkSession spark,
            Path file,
            Charset charset,
            Map<String, List<String>> aliases,
            List<String> canonical,
            List<String> required) {
        if (!Files.isRegularFile(file)) {
            throw Errors.missingInput("CSV file", file);
        }
        StructType schema = schema(canonical);
        List<String> header = header(file, charset);
        if (header.isEmpty()) {
            return new Parsed(spark.createDataFrame(List.of(), schema));
        }
        Map<String, Integer> mapping = mapHeader(file, header, aliases, required);
        int[] positions =
                canonical.stream().mapToInt(c -> mapping.getOrDefault(c, -1)).toArray();
        String path = file.toAbsolutePath().toString();
        String name = file.getFileName().toString();
        String encoding = charset.name();
        int fields = header.size();
        Dataset<Row> rows = spark.createDataset(List.of(path), Encoders.STRING())
                .flatMap(
                        (FlatMapFunction<String, Row>)
                                p -> rows(Path.of(p), name, Charset.forName(encoding), fields, positions),
                        Encoders.row(schema));
        return new Parsed(rows);
    }

    /**
     * Reads a list laid out as {@code layout} says (encoding, delimiter, header row): the records after its header, in
     * canonical columns. Where several columns map to the email (Google's "E-mail 1 - Value", "E-mail 2 - Value" …),
     * the first that holds a valid address is the record's email.
     */
    public static Parsed readList(
            SparkSession spark,
            Path file,
            ListLayout layout,
            Map<String, List<String>> aliases,
            List<String> canonical) {
        StructType schema = schema(canonical);
        if (layout.header().isEmpty()) {
            return new Parsed(spark.createDataFrame(List.of(), schema));
        }
        Map<String, List<Integer>> mapping = headerMapping(layout.header(), aliases);
        int[][] positions = new int[canonical.size()][];
        for (int i = 0; i < canonical.size(); i++) {
            List<Integer> at = mapping.getOrDefault(canonical.get(i), List.of());
            positions[i] = canonical.get(i).equals("email")
                    ? at.stream().mapToInt(Integer::intValue).toArray()
                    : at.stream().limit(1).mapToInt(Integer::intValue).toArray();
        }
        String path = file.toAbsolutePath().toString();
        String name = file.getFileName().toString();
        String encoding = layout.charset().name();
        int fields = layout.header().size();
        char delimiter = layout.delimiter();
        int skip = layout.preambleRecords() + 1;
        int emailAt = canonical.indexOf("email");
        Dataset<Row> rows = spark.createDataset(List.of(path), Encoders.STRING())
                .flatMap(
                        (FlatMapFunction<String, Row>) p -> rows(
                                Path.of(p),
                                name,
                                Charset.forName(encoding),
                                delimiter,
                                skip,
                                fields,
                                positions,
                                emailAt),
                        Encoders.row(schema));
        return new Parsed(rows);
    }

    /** The records of a file after its header, as rows of {@link #schema}; the file is closed when the task ends. */
    static Iterator<Row> rows(Path file, String name, Charset charset, int fields, int[] positions) throws IOException {
        int[][] each = new int[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            each[i] = positions[i] >= 0 ? new int[] {positions[i]} : new int[0];
        }
        return rows(file, name, charset, ',', 1, fields, each, -1);
    }

    /**
     * @param skip records before the first data record (the preamble and the header)
     * @param positions each canonical column's header positions: the first is taken, except at {@code emailAt}, where
     *     the first holding a valid address is (else the first that is not blank)
     */
    static Iterator<Row> rows(
            Path file,
            String name,
            Charset charset,
            char delimiter,
            int skip,
            int fields,
            int[][] positions,
            int emailAt)
            throws IOException {
        CsvRecords records = new CsvRecords(open(file, charset), fields, charset.name(), delimiter);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) t -> close(records));
        }
        for (int i = 0; i < skip && records.hasNext(); i++) {
            records.next();
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                CsvRecords.Record r = records.next();
                Object[] values = new Object[positions.length + 4];
                for (int i = 0; i < positions.length; i++) {
                    values[i] = r.ok() ? pick(r.fields(), positions[i], i == emailAt) : null;
                }
                values[positions.length] = name;
                values[positions.length + 1] = r.line();
                values[positions.length + 2] = r.ok() ? null : r.raw();
                values[positions.length + 3] = r.reason();
                return RowFactory.create(values);
            }
        };
    }

    /**
     * A file that is not read at all (no header row, out of bounds, unreadable) as one rejected record (line 0) with
     * its reason, so that {@code read = loaded + rejected} holds and the other files are read on.
     */
    public static Parsed rejectedFile(SparkSession spark, Path file, List<String> canonical, String reason) {
        int columns = canonical.size();
        Object[] values = new Object[columns + 4];
        values[columns] = file.getFileName().toString();
        values[columns + 1] = 0L;
        values[columns + 2] = file.getFileName().toString();
        values[columns + 3] = reason;
        return new Parsed(spark.createDataFrame(List.of(RowFactory.create(values)), schema(canonical)));
    }

    /** The value of a column that several header positions map to. */
    static String pick(String[] fields, int[] at, boolean email) {
        if (at.length == 0) {
            return null;
        }
        if (at.length == 1 || !email) {
            return fields[at[0]];
        }
        String firstFilled = null;
        for (int p : at) {
            String v = fields[p];
            if (v == null || v.isBlank()) {
                continue;
            }
            String n = Emails.normalize(v);
            if (n != null && Emails.invalidReason(n) == null) {
                return v;
            }
            firstFilled = firstFilled == null ? v : firstFilled;
        }
        return firstFilled != null ? firstFilled : fields[at[0]];
    }

    private static void close(CsvRecords records) {
        try {
            records.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
