package dev.crmmigrate.source;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.ListSettings;
import dev.crmmigrate.normalize.Emails;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * {@code lists inspect}: how each file of a list folder will be read, before anything runs. Each file is read the way
 * an audit reads it (same layout detection, same header mapping, same record rules), streamed on this JVM with no
 * Spark job and no database: a user's first command on their own lists.
 */
public final class ListInspection {
    private ListInspection() {}

    /**
     * One file: how it is read, and what reading it gives.
     *
     * @param header the header's fields (empty for a file not read)
     * @param records records after the header
     * @param withEmail records with a valid email address
     * @param rejects reason → records (a record that cannot be read, or whose email is missing or not valid)
     */
    public record FileReport(
            OutreachLists.FileRead read,
            List<String> header,
            long records,
            long withEmail,
            Map<String, Long> rejects) {}

    public static List<FileReport> inspect(Path dir, ListSettings settings) {
        List<FileReport> out = new ArrayList<>();
        for (OutreachLists.ListFile f : OutreachLists.files(dir, settings.followSymlinks())) {
            Path file = dir.resolve(f.file());
            try {
                out.add(
                        XlsxSource.isXlsx(file)
                                ? xlsx(file, f, settings)
                                : VcfSource.isVcf(file) ? vcard(file, f, settings) : csv(file, f, settings));
            } catch (Errors.CrmMigrateException e) {
                OutreachLists.FileRead read = new OutreachLists.FileRead(
                        f.file(), f.category(), OutreachLists.format(file), null, null, 0, 0, Map.of(), e.getMessage());
                out.add(new FileReport(read, List.of(), 0, 0, Map.of()));
            }
        }
        return out;
    }

    private static FileReport csv(Path file, OutreachLists.ListFile f, ListSettings settings) {
        ListLayout layout = OutreachLists.layout(file, f, settings);
        OutreachLists.FileRead read = OutreachLists.read(f, layout, settings, null);
        if (layout.header().isEmpty()) {
            return new FileReport(read, List.of(), 0, 0, Map.of());
        }
        List<String> canonical = List.of("email");
        List<Integer> at = CsvSource.headerMapping(layout.header(), settings.headerAliases())
                .getOrDefault("email", List.of());
        int[][] positions = {at.stream().mapToInt(Integer::intValue).toArray()};
        try {
            Iterator<Row> rows = CsvSource.rows(
                    file,
                    f.file(),
                    layout.charset(),
                    layout.delimiter(),
                    layout.preambleRecords() + 1,
                    layout.header().size(),
                    positions,
                    0);
            return count(read, layout.header(), rows, canonical.size());
        } catch (IOException | UncheckedIOException e) {
            throw Errors.missingInput("CSV file (" + e.getClass().getSimpleName() + ")", file);
        }
    }

    private static FileReport xlsx(Path file, OutreachLists.ListFile f, ListSettings settings) {
        String problem = XlsxGuard.problem(file);
        if (problem != null) {
            throw Errors.config("the workbook was not read: %s", problem);
        }
        List<String> header = XlsxSource.header(file, f.sheet());
        Map<String, Integer> mapping = CsvSource.mapHeader(file, header, settings.headerAliases(), List.of("email"));
        Map<String, List<String>> columns = new LinkedHashMap<>();
        mapping.forEach((c, i) -> {
            if (OutreachLists.COLUMNS.contains(c)) {
                columns.put(c, List.of(header.get(i)));
            }
        });
        OutreachLists.FileRead read =
                new OutreachLists.FileRead(f.file(), f.category(), "xlsx", null, null, 1, 0, columns, null);
        try {
            Iterator<Row> rows =
                    XlsxSource.rows(file, f.file(), f.sheet(), header.size(), new int[] {mapping.get("email")});
            return count(read, header, rows, 1);
        } catch (IOException e) {
            throw Errors.config("the workbook was not read: %s", e.getMessage());
        }
    }

    private static FileReport vcard(Path file, OutreachLists.ListFile f, ListSettings settings) {
        Map.Entry<java.nio.charset.Charset, String> enc = OutreachLists.vcfEncoding(file, f, settings);
        try {
            Iterator<Row> rows = VcfSource.rows(file, f.file(), enc.getKey(), List.of("email"));
            return count(OutreachLists.vcard(f, enc), List.of(), rows, 1);
        } catch (IOException | UncheckedIOException e) {
            throw Errors.missingInput("vCard file (" + e.getClass().getSimpleName() + ")", file);
        }
    }

    /** Counts the rows of {@link CsvSource#schema}({@code [email]}): read, with a valid email, rejects by reason. */
    private static FileReport count(OutreachLists.FileRead read, List<String> header, Iterator<Row> rows, int n) {
        long records = 0;
        long withEmail = 0;
        Map<String, Long> rejects = new TreeMap<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            records++;
            String reason = r.getString(n + 3);
            if (reason == null) {
                String raw = r.getString(0);
                String email = raw == null ? null : Emails.normalize(raw);
                reason = email == null ? "no email" : Emails.invalidReason(email);
            }
            if (reason == null) {
                withEmail++;
            } else {
                rejects.merge(reason, 1L, Long::sum);
            }
        }
        return new FileReport(read, header, records, withEmail, rejects);
    }
}
