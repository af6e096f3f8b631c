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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The outreach lists: every CSV file of a folder, its category from {@code lists.yaml} beside them or else from the
 * file-name prefix (developer | investor | fund | other), its headers mapped by the configured alias table.
 */
public final class OutreachLists {
  public static final List<String> CATEGORIES = List.of("developer", "investor", "fund", "other");
  public static final List<String> COLUMNS = List.of("email", "company", "full_name", "first_name", "last_name", "title", "phone");
  /** The canonical columns' limits: a list is sanitized like every other source before the audits read it. */
  public static final Map<String, FieldLimit> FIELDS = Map.of("email", FieldLimit.EMAIL, "company",
      FieldLimit.ORGANIZATION, "full_name", FieldLimit.PERSON_NAME, "first_name", FieldLimit.PERSON_NAME, "last_name",
      FieldLimit.PERSON_NAME, "title", FieldLimit.TITLE, "phone", FieldLimit.PHONE);

  private OutreachLists() {}

  /** list file → category. */
  public static Map<String, String> categories(Path dir) {
    Map<String, String> manifest = new LinkedHashMap<>();
    Path yaml = dir.resolve("lists.yaml");
    if (Files.exists(yaml)) {
      try {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        for (JsonNode l : root.path("lists")) {
          String category = l.path("category").asText();
          if (!CATEGORIES.contains(category)) {
            throw Errors.config("%s: list %s has category '%s'; valid categories: %s", yaml, l.path("file").asText(), category, CATEGORIES);
          }
          manifest.put(l.path("file").asText(), category);
        }
      } catch (IOException e) {
        throw Errors.unreadableConfig(yaml, e.getMessage());
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).sorted().toList()) {
        String name = f.getFileName().toString();
        String prefix = name.toLowerCase(Locale.ROOT).split("[_\\-. ]")[0];
        out.put(name, manifest.getOrDefault(name, CATEGORIES.contains(prefix) ? prefix : "other"));
      }
    } catch (IOException e) {
      throw Errors.missingInput("outreach list folder", dir);
    }
    if (out.isEmpty()) {
      throw Errors.config("no CSV files in the outreach list folder %s", dir);
    }
    return out;
  }

  /**
   * All lists as one Dataset: list_file, category, the canonical columns, and the corrupt-record column.
   * Stage it before splitting good rows from malformed ones (see {@link CsvSource.Parsed}).
   */
  public static Dataset<Row> read(SparkSession spark, Path dir, ListSettings settings) {
    Dataset<Row> all = null;
    for (Map.Entry<String, String> e : categories(dir).entrySet()) {
      CsvSource.Parsed p = CsvSource.read(spark, dir.resolve(e.getKey()), Charset.forName(settings.encoding()),
          settings.headerAliases(), COLUMNS, List.of("email"));
      Dataset<Row> rows = p.records().withColumn("category", lit(e.getValue())).withColumn("list_file", lit(e.getKey()));
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }
}
