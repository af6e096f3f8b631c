package dev.crmmigrate.source;

import dev.crmmigrate.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Reads an {@code .xlsx} list (the first sheet, or a named one) in a Spark task, row by row with fastexcel-reader's
 * streaming reader, into exactly the rows {@link CsvSource} gives: canonical columns, the file, the row number as the
 * line, and for a row that cannot be read its raw text and a reason (more cells than the header, an Excel error value,
 * a cell over {@link CsvRecords#MAX_FIELD_CHARS} characters). Empty rows are skipped like blank lines. Numbers keep the
 * digits Excel stored (a phone typed as a number stays a phone).
 */
public final class XlsxSource {
    private XlsxSource() {}

    /** Whether a file is an Excel workbook this reader takes. */
    public static boolean isXlsx(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    /** The header (first non-empty row) of the sheet, or an empty list for an empty sheet. */
    public static List<String> header(Path file, String sheet) {
        try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile());
                Stream<org.dhatim.fastexcel.reader.Row> rows =
                        sheet(wb, file, sheet).openStream()) {
            return rows.map(XlsxSource::texts)
                    .filter(t -> t.stream().anyMatch(s -> !s.isBlank()))
                    .findFirst()
                    .map(t -> t.stream().map(String::strip).toList())
                    .orElse(List.of());
        } catch (IOException | UncheckedIOException e) {
            throw Errors.missingInput("Excel workbook (" + e.getMessage() + ")", file);
        }
    }

    /** Reads a workbook's sheet whose header is mapped to canonical columns, as {@link CsvSource#read} reads a file. */
    public static CsvSource.Parsed read(
            SparkSession spark,
            Path file,
            String sheet,
            Map<String, List<String>> aliases,
            List<String> canonical,
            List<String> required) {
        if (!Files.isRegularFile(file)) {
            throw Errors.missingInput("Excel workbook", file);
        }
        StructType schema = CsvSource.schema(canonical);
        String problem = XlsxGuard.problem(file);
        if (problem != null) {
            return CsvSource.rejectedFile(spark, file, canonical, "the workbook was not read: " + problem);
        }
        List<String> header;
        try {
            header = header(file, sheet);
        } catch (Errors.CrmMigrateException e) {
            if (e.kind() == Errors.Kind.CONFIG) {
                throw e; // a sheet the manifest names that the workbook lacks: the user's to fix
            }
            return CsvSource.rejectedFile(spark, file, canonical, "the workbook was not read: " + e.getMessage());
        }
        if (header.isEmpty()) {
            return new CsvSource.Parsed(spark.createDataFrame(List.of(), schema));
        }
        Map<String, Integer> mapping = CsvSource.mapHeader(file, header, aliases, required);
        int[] positions =
                canonical.stream().mapToInt(c -> mapping.getOrDefault(c, -1)).toArray();
        String path = file.toAbsolutePath().toString();
        String name = file.getFileName().toString();
        int fields = header.size();
        Dataset<Row> rows = spark.createDataset(List.of(path), Encoders.STRING())
                .flatMap(
                        (FlatMapFunction<String, Row>) p -> rows(Path.of(p), name, sheet, fields, positions),
                        Encoders.row(schema));
        return new CsvSource.Parsed(rows);
    }

    private static Sheet sheet(ReadableWorkbook wb, Path file, String name) {
        if (name == null) {
            return wb.getFirstSheet();
        }
        return wb.findSheet(name)
                .orElseThrow(() -> Errors.config(
                        "%s has no sheet named '%s'; its sheets: %s",
                        file, name, wb.getSheets().map(Sheet::getName).toList()));
    }

    private static List<String> texts(org.dhatim.fastexcel.reader.Row row) {
        List<String> out = new ArrayList<>(row.getCellCount());
        for (int i = 0; i < row.getCellCount(); i++) {
            Cell c = row.getCell(i);
            out.add(c == null || c.getType() == CellType.EMPTY ? "" : String.valueOf(c.getText()));
        }
        return out;
    }

    /** The rows after the header, as rows of {@link CsvSource#schema}; the workbook closes when the task ends. */
    public static Iterator<Row> rows(Path file, String name, String sheetName, int fields, int[] positions)
            throws IOException {
        ReadableWorkbook wb = new ReadableWorkbook(file.toFile());
        Stream<org.dhatim.fastexcel.reader.Row> stream =
                sheet(wb, file, sheetName).openStream();
        TaskContext task = TaskContext.get();
        Runnable close = () -> {
            stream.close();
            try {
                wb.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) t -> close.run());
        }
        Iterator<org.dhatim.fastexcel.reader.Row> it = stream.iterator();
        return new Iterator<>() {
            private boolean headerSeen;
            private Row next;

            private boolean broken;
            private long lastRow;

            @Override
            public boolean hasNext() {
                try {
                    return advance();
                } catch (RuntimeException e) {
                    // A part the parser gives up on halfway: the rows read so far stay, the rest is one reject.
                    broken = true;
                    Object[] values = new Object[positions.length + 4];
                    values[positions.length] = name;
                    values[positions.length + 1] = lastRow + 1;
                    values[positions.length + 2] = name;
                    values[positions.length + 3] = "the workbook could not be read after row " + lastRow + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage();
                    next = RowFactory.create(values);
                    return true;
                }
            }

            private boolean advance() {
                if (broken) {
                    return next != null;
                }
                while (next == null && it.hasNext()) {
                    org.dhatim.fastexcel.reader.Row r = it.next();
                    lastRow = r.getRowNum();
                    List<String> t = texts(r);
                    if (t.stream().allMatch(String::isBlank)) {
                        continue;
                    }
                    if (!headerSeen) {
                        headerSeen = true;
                        continue;
                    }
                    next = toRow(r, t);
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

            private Row toRow(org.dhatim.fastexcel.reader.Row r, List<String> t) {
                String reason = reason(r, t);
                Object[] values = new Object[positions.length + 4];
                for (int i = 0; i < positions.length; i++) {
                    // A trailing empty cell is not stored in the sheet: it reads as the empty field a CSV file would
                    // have.
                    values[i] = reason != null || positions[i] < 0
                            ? null
                            : positions[i] < t.size() ? t.get(positions[i]) : "";
                }
                values[positions.length] = name;
                values[positions.length + 1] = (long) r.getRowNum();
                String raw = String.join(",", t);
                values[positions.length + 2] = reason == null
                        ? null
                        : raw.length() > CsvRecords.KEPT_CHARS ? raw.substring(0, CsvRecords.KEPT_CHARS) : raw;
                values[positions.length + 3] = reason;
                return RowFactory.create(values);
            }

            private String reason(org.dhatim.fastexcel.reader.Row r, List<String> t) {
                for (int i = 0; i < t.size(); i++) {
                    Cell c = r.getCell(i);
                    if (c != null && c.getType() == CellType.ERROR) {
                        return "cell " + c.getAddress() + " holds the Excel error " + c.getRawValue();
                    }
                    if (i >= fields && !t.get(i).isBlank()) {
                        return "a value in column %d where the header has %d".formatted(i + 1, fields);
                    }
                    if (t.get(i).length() > CsvRecords.MAX_FIELD_CHARS) {
                        return "field %d is %,d characters long; the limit is %,d"
                                .formatted(i + 1, t.get(i).length(), CsvRecords.MAX_FIELD_CHARS);
                    }
                }
                return null;
            }
        };
    }
}
