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
    public record ListFile(String file, String category, String sheet, ListLayout.Overrides overrides) {
        public ListFile(String file, String category, String sheet) {
            this(file, category, sheet, ListLayout.Overrides.NONE);
        }
    }

    /**
     * How one list file was read (or why not): for the audit's report and summary.json, and for {@code lists inspect}.
     *
     * @param columns canonical column → the header column(s) it was read from
     * @param rejected why the file was not read, or null
     */
    public record FileRead(
            String file,
            String category,
            String format,
            String encoding,
            String delimiter,
            long headerLine,
            int preambleRecords,
            Map<String, List<String>> columns,
            String rejected) {
        /** As summary.json writes it. */
        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("category", category);
            m.put("format", format);
            if (encoding != null) {
                m.put("encoding", encoding);
            }
            if (delimiter != null) {
                m.put("delimiter", delimiter);
            }
            if (headerLine > 0) {
                m.put("header_line", headerLine);
                m.put("preamble_records", preambleRecords);
            }
            m.put("columns", columns);
            if (rejected != null) {
                m.put("rejected", rejected);
            }
            return m;
        }
    }

    /** Every list's records as one Dataset, and how each file was read. */
    public record Read(Dataset<Row> records, List<FileRead> files) {}

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
                out.add(new ListFile(name, category, sheet, overrides(yaml, name, m)));
            }
        } catch (IOException e) {
            throw Errors.missingInput("outreach list folder", dir);
        }
        List<String> found = out.stream().map(ListFile::file).toList();
        for (String named : manifest.keySet()) {
            if (!found.contains(named)) {
                throw Errors.config(
                        "%s names the list '%s', which is not a CSV, .xlsx or .vcf file in %s; the lists there: %s",
                        yaml, named, dir, found);
            }
        }
        if (out.isEmpty()) {
            throw Errors.config("no CSV, .xlsx or .vcf files in the outreach list folder %s", dir);
        }
        return out;
    }

    /** The encoding and delimiter a manifest entry fixes for its file. */
    private static ListLayout.Overrides overrides(Path yaml, String name, JsonNode m) {
        if (m == null) {
            return ListLayout.Overrides.NONE;
        }
        String encoding = m.hasNonNull("encoding") ? m.get("encoding").asText() : null;
        if (encoding != null && !Charset.isSupported(encoding)) {
            throw Errors.config("%s: list %s has encoding '%s', which this Java does not know", yaml, name, encoding);
        }
        Character delimiter = null;
        if (m.hasNonNull("delimiter")) {
            String d = m.get("delimiter").asText();
            d = d.equalsIgnoreCase("tab") || d.equals("\\t") ? "\t" : d;
            if (d.length() != 1 || !CsvRecords.DELIMITERS.contains(d.charAt(0))) {
                throw Errors.config(
                        "%s: list %s has delimiter '%s'; valid delimiters: ',', ';', 'tab', '|'", yaml, name, d);
            }
            delimiter = d.charAt(0);
        }
        return new ListLayout.Overrides(encoding, delimiter);
    }

    private static boolean isList(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        // "~$x.xlsx" is the lock file Excel keeps beside an open workbook.
        return n.endsWith(".csv") || (n.endsWith(".xlsx") && !n.startsWith("~$")) || VcfSource.isVcf(Path.of(name));
    }

    /**
     * All lists as one Dataset: list_file, category, the canonical columns, and the corrupt-record column.
     * Stage it before splitting good rows from malformed ones (see {@link CsvSource.Parsed}).
     */
    public static Dataset<Row> read(SparkSession spark, Path dir, ListSettings settings) {
        return readAll(spark, dir, settings).records();
    }

    /**
     * All lists, each read as {@link ListLayout} finds it laid out. A file that cannot be read (no header row that
     * maps an email column, an unreadable file) is one rejected record with its reason, and the other lists are read
     * on; with {@code lists.strict} it stops the read instead.
     */
    public static Read readAll(SparkSession spark, Path dir, ListSettings settings) {
        Dataset<Row> all = null;
        List<FileRead> reads = new ArrayList<>();
        for (ListFile f : files(dir, settings.followSymlinks())) {
            Path file = dir.resolve(f.file());
            CsvSource.Parsed p;
            FileRead how;
            try {
                if (XlsxSource.isXlsx(file)) {
                    p = XlsxSource.read(spark, file, f.sheet(), settings.headerAliases(), COLUMNS, List.of("email"));
                    how = new FileRead(f.file(), f.category(), "xlsx", null, null, 0, 0, Map.of(), null);
                } else if (VcfSource.isVcf(file)) {
                    Map.Entry<Charset, String> enc = vcfEncoding(file, f, settings);
                    p = VcfSource.read(spark, file, enc.getKey(), COLUMNS);
                    how = vcard(f, enc);
                } else {
                    ListLayout layout = layout(file, f, settings);
                    p = CsvSource.readList(spark, file, layout, settings.headerAliases(), COLUMNS);
                    how = read(f, layout, settings, null);
                }
            } catch (Errors.CrmMigrateException e) {
                if (settings.strict()) {
                    throw e;
                }
                p = CsvSource.rejectedFile(spark, file, COLUMNS, e.getMessage());
                how = new FileRead(f.file(), f.category(), format(file), null, null, 0, 0, Map.of(), e.getMessage());
                System.err.printf("[lists] %s is not read: %s%n", f.file(), e.getMessage());
            }
            reads.add(how);
            Dataset<Row> rows =
                    p.records().withColumn("category", lit(f.category())).withColumn("list_file", lit(f.file()));
            all = all == null ? rows : all.unionByName(rows);
        }
        return new Read(all, List.copyOf(reads));
    }

    /** The layout of a CSV list: what its manifest entry fixes, the rest found from the file. */
    public static ListLayout layout(Path file, ListFile f, ListSettings settings) {
        ListLayout.Overrides o = f.overrides();
        String encoding = o.encoding() != null ? o.encoding() : settings.encoding();
        return ListLayout.detect(
                file,
                new ListLayout.Overrides(encoding, o.delimiter()),
                settings.fallbackEncoding(),
                settings.headerAliases(),
                List.of("email"));
    }

    /** How a CSV list is read, as the report and {@code lists inspect} say it. */
    public static FileRead read(ListFile f, ListLayout layout, ListSettings settings, String rejected) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        CsvSource.headerMapping(layout.header(), settings.headerAliases()).forEach((c, at) -> {
            if (COLUMNS.contains(c)) {
                columns.put(
                        c,
                        (c.equals("email") ? at : at.subList(0, 1))
                                .stream().map(i -> layout.header().get(i)).toList());
            }
        });
        return new FileRead(
                f.file(),
                f.category(),
                "csv",
                layout.charset().name() + " (" + layout.encodingRule() + ")",
                layout.delimiterName() + " (" + layout.delimiterRule() + ")",
                layout.headerLine(),
                layout.preambleRecords(),
                columns,
                rejected);
    }

    static String format(Path file) {
        return XlsxSource.isXlsx(file) ? "xlsx" : VcfSource.isVcf(file) ? "vcard" : "csv";
    }

    /** The encoding of a vCard file: its manifest entry's, else the configured one, else found from its bytes. */
    static Map.Entry<Charset, String> vcfEncoding(Path file, ListFile f, ListSettings settings) {
        String configured = f.overrides().encoding() != null ? f.overrides().encoding() : settings.encoding();
        return ListLayout.encoding(file, configured, settings.fallbackEncoding());
    }

    /** How a vCard file is read: each card is a record; EMAIL, FN, N, ORG, TITLE and TEL are its columns. */
    static FileRead vcard(ListFile f, Map.Entry<Charset, String> enc) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        columns.put("email", List.of("EMAIL (the first valid address, preferred first)"));
        columns.put("full_name", List.of("FN"));
        columns.put("first_name", List.of("N (given)"));
        columns.put("last_name", List.of("N (family)"));
        columns.put("company", List.of("ORG"));
        columns.put("title", List.of("TITLE"));
        columns.put("phone", List.of("TEL (preferred first)"));
        return new FileRead(
                f.file(),
                f.category(),
                "vcard",
                enc.getKey().name() + " (" + enc.getValue() + ")",
                null,
                0,
                0,
                columns,
                null);
    }
}
