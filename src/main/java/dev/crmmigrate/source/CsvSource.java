package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.crmmigrate.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one CSV file with Spark's own reader in PERMISSIVE mode. The header is read first (a byte-order mark is
 * dropped) and its columns are mapped to canonical names by an alias table; rows Spark cannot parse against that
 * header land in a corrupt-record column and become rejects, so nothing is silently lost:
 * {@code read = loaded + rejected}.
 */
public final class CsvSource {
  public static final String CORRUPT = "_corrupt_record";
  public static final String SOURCE_FILE = "_source_file";

  private CsvSource() {}

  /**
   * Parsed records in canonical columns plus the corrupt-record column. Stage them (Delta) before splitting: Spark
   * refuses queries on a raw CSV that reference only the corrupt-record column.
   */
  public record Parsed(Dataset<Row> records) {
    public static Dataset<Row> good(Dataset<Row> records) {
      return records.where(col(CORRUPT).isNull()).drop(CORRUPT);
    }

    public static Dataset<Row> malformed(Dataset<Row> records) {
      return records.where(col(CORRUPT).isNotNull())
          .select(col(SOURCE_FILE).as("source"), lit(null).cast("string").as("record_id"), lit(null).cast("string").as("field"),
              col(CORRUPT).as("value"), lit("malformed CSV record: its fields do not match the header").as("reason"));
    }
  }

  /** The header of a file, BOM removed; an empty file has none. */
  public static List<String> header(Path file, Charset charset) {
    try (BufferedReader r = Files.newBufferedReader(file, charset)) {
      String line = r.readLine();
      if (line == null) {
        return List.of();
      }
      if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      List<String> out = new ArrayList<>();
      for (String h : line.split(",", -1)) {
        out.add(h.strip().replaceAll("^\"|\"$", ""));
      }
      return out;
    } catch (IOException e) {
      throw Errors.missingInput("CSV file (" + e.getClass().getSimpleName() + ")", file);
    }
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
  public static Map<String, Integer> mapHeader(Path file, List<String> header, Map<String, List<String>> aliases,
      List<String> required) {
    Map<String, Integer> found = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String h = squash(header.get(i));
      for (Map.Entry<String, List<String>> a : aliases.entrySet()) {
        if (!found.containsKey(a.getKey())
            && (squash(a.getKey()).equals(h) || a.getValue().stream().map(CsvSource::squash).anyMatch(h::equals))) {
          found.put(a.getKey(), i);
        }
      }
    }
    for (String r : required) {
      if (!found.containsKey(r)) {
        throw Errors.config("%s: no column for '%s' in the header %s; accepted spellings: %s (configure lists.header_aliases)",
            file, r, header, aliases.getOrDefault(r, List.of(r)));
      }
    }
    return found;
  }

  /**
   * Reads a file whose header is mapped to canonical columns; canonical columns missing from the file are null.
   *
   * @param canonical the canonical columns of the result, in order
   */
  public static Parsed read(SparkSession spark, Path file, Charset charset, Map<String, List<String>> aliases,
      List<String> canonical, List<String> required) {
    if (!Files.isRegularFile(file)) {
      throw Errors.missingInput("CSV file", file);
    }
    List<String> header = header(file, charset);
    String name = file.getFileName().toString();
    if (header.isEmpty()) {
      StructType s = new StructType(canonical.stream().map(c -> new StructField(c, DataTypes.StringType, true, Metadata.empty()))
          .toArray(StructField[]::new)).add(SOURCE_FILE, DataTypes.StringType).add(CORRUPT, DataTypes.StringType);
      return new Parsed(spark.createDataFrame(List.of(), s));
    }
    Map<String, Integer> mapping = mapHeader(file, header, aliases, required);
    StructType schema = new StructType();
    for (int i = 0; i < header.size(); i++) {
      schema = schema.add("c" + i, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> raw = spark.read()
        .schema(schema)
        .option("header", "true")
        .option("enforceSchema", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .option("multiLine", "true")
        .option("escape", "\"")
        .option("encoding", charset.name())
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .csv(file.toString());
    List<Column> cols = new ArrayList<>();
    for (String c : canonical) {
      Integer pos = mapping.get(c);
      cols.add(pos == null ? lit(null).cast("string").as(c) : col("c" + pos).as(c));
    }
    cols.add(lit(name).as(SOURCE_FILE));
    cols.add(col(CORRUPT));
    return new Parsed(raw.select(cols.toArray(Column[]::new)));
  }
}
