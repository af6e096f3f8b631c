package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crmmigrate.Errors;
import dev.crmmigrate.config.ListSettings;
import dev.crmmigrate.normalize.FieldLimit;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The outreach lists: every CSV and .xlsx file of a folder, its category from {@code lists.yaml} beside them or else
 * from the
 * file-name prefix (developer | investor | fund | other), its headers mapped by the configured alias table.
 */
public final class OutreachLists {
    public static final List<String> CATEGORIES = List.of("developer", "investor", "fund", "other");
    public static final List<String> COLUMNS =
            List.of("email", "company", "full_name", "first_name", "last_name", "title", "phone");
    /** The canonical columns' limits: a list is sanitized like every other source before the audits read it. */
    public static final Map<String, FieldLimit> FIELDS = Map.of(
            "email",
            FieldLimit.EMAIL,
            "company",
            FieldLimit.ORGANIZATION,
            "full_name",
            FieldLimit.PERSON_NAME,
            "first_name",
            FieldLimit.PERSON_NAME,
            "last_name",
            FieldLimit.PERSON_NAME,
            "title",
            FieldLimit.TITLE,
            "phone",
            FieldLimit.PHONE);

    private OutreachLists() {}

    /**
     * A list file of the folder: its category and, for a workbook, the sheet named in the manifest (else the first).
     */
    public record ListFile(String file, String category, String sheet) {}

    /** list file → category. */
    public static Map<String, String> categories(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        files(dir).forEach(f -> out.put(f.file(), f.category()));
        return out;
    }

    /** The CSV and .xlsx lists of a folder, in name order, with their category and sheet; no symbolic links. */
    public static List<ListFile> files(Path dir) {
        return files(dir, false);
    }

    /**
     * The CSV and .xlsx lists of a folder, in name order, with their category and sheet. A list file that is a
     * symbolic link is refused unless {@code followSymlinks} (then named on stderr with where it leads); a manifest
     * entry that matches no file is an error, so a misspelt name never loses its category silently.
     */
    public static List<ListFile> files(Path dir, boolean followSymlinks) {
        Map<String, JsonNode> manifest = new LinkedHashMap<>();
        Path yaml = dir.resolve("lists.yaml");
        if (Files.exists(yaml)) {
            try {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
                for (JsonNode l : root.path("lists")) {
                    String category = l.path("category").asText();
                    if (!CATEGORIES.contains(category)) {
                        throw Errors.config(
                                "%s: list %s has category '%s'; valid categories: %s",
                                yaml, l.path("file").asText(), category, CATEGORIES);
                    }
                    manifest.put(l.path("file").asText(), l);
                }
            } catch (IOException e) {
                throw Errors.unreadableConfig(yaml, e.getMessage());
            }
        }
        List<ListFile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> isList(p.getFileName().toString()))
                    .sorted()
                    .toList()) {
                String name = f.getFileName().toString();
                if (Files.isSymbolicLink(f)) {
                    if (!followSymlinks) {
                        throw Errors.config(
                                "outreach list %s is a symbolic link (to %s); it is not read, since a link may lead "
                                        + "out of the list folder. Copy the file in, or set lists.follow_symlinks: "
                                        + "true",
                                f, Files.readSymbolicLink(f));
                    }
                    System.err.printf("[lists] %s is a symbolic link; reading %s%n", name, f.toRealPath());
                }
                String prefix = name.toLowerCase(Locale.ROOT).split("[_\\-. ]")[0];
                JsonNode m = manifest.get(name);
                String category =
                        m != null ? m.path("category").asText() : CATEGORIES.contains(prefix) ? prefix : "other";
                String sheet =
                        m != null && m.hasNonNull("sheet") ? m.get("sheet").asText() : null;
                out.add(new ListFile(name, category, sheet));
            }
        } catch (IOException e) {
            throw Errors.missingInput("outreach list folder", dir);
        }
        List<String> found = out.stream().map(ListFile::file).toList();
        for (String named : manifest.keySet()) {
            if (!found.contains(named)) {
                throw Errors.config(
                        "%s names the list '%s', which is not a CSV or .xlsx file in %s; the lists there: %s",
                        yaml, named, dir, found);
            }
        }
        if (out.isEmpty()) {
            throw Errors.config("no CSV or .xlsx files in the outreach list folder %s", dir);
        }
        return out;
    }

    private static boolean isList(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        // "~$x.xlsx" is the lock file Excel keeps beside an open workbook.
        return n.endsWith(".csv") || (n.endsWith(".xlsx") && !n.startsWith("~$"));
    }

    /**
     * All lists as one Dataset: list_file, category, the canonical columns, and the corrupt-record column.
     * Stage it before splitting good rows from malformed ones (see {@link CsvSource.Parsed}).
     */
    public static Dataset<Row> read(SparkSession spark, Path dir, ListSettings settings) {
        Dataset<Row> all = null;
        for (ListFile f : files(dir, settings.followSymlinks())) {
            Path file = dir.resolve(f.file());
            CsvSource.Parsed p = XlsxSource.isXlsx(file)
                    ? XlsxSource.read(spark, file, f.sheet(), settings.headerAliases(), COLUMNS, List.of("email"))
                    : CsvSource.read(
                            spark,
                            file,
                            Charset.forName(settings.encoding()),
                            settings.headerAliases(),
                            COLUMNS,
                            List.of("email"));
            Dataset<Row> rows =
                    p.records().withColumn("category", lit(f.category())).withColumn("list_file", lit(f.file()));
            all = all == null ? rows : all.unionByName(rows);
        }
        return all;
    }
}
