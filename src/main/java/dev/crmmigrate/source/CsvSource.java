package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.crmmigrate.Errors;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        for (int i = 0; i < header.size(); i++) {
            String h = squash(header.get(i));
            for (Map.Entry<String, List<String>> a : aliases.entrySet()) {
                if (!found.containsKey(a.getKey())
                        && (squash(a.getKey()).equals(h)
                                || a.getValue().stream().map(CsvSource::squash).anyMatch(h::equals))) {
                    found.put(a.getKey(), i);
                }
            }
        }
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

    /** The records of a file after its header, as rows of {@link #schema}; the file is closed when the task ends. */
    static Iterator<Row> rows(Path file, String name, Charset charset, int fields, int[] positions) throws IOException {
        CsvRecords records = new CsvRecords(open(file, charset), fields, charset.name());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) t -> close(records));
        }
        if (records.hasNext()) {
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
                    values[i] = r.ok() && positions[i] >= 0 ? r.fields()[positions[i]] : null;
                }
                values[positions.length] = name;
                values[positions.length + 1] = r.line();
                values[positions.length + 2] = r.ok() ? null : r.raw();
                values[positions.length + 3] = r.reason();
                return RowFactory.create(values);
            }
        };
    }

    private static void close(CsvRecords records) {
        try {
            records.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
