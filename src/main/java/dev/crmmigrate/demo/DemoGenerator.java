package dev.crmmigrate.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crmmigrate.Errors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code crm-migrate generate}: writes the demo data set as a Spark job. Every row is a pure function of
 * (seed, index) computed on the executors, so no data set is ever collected to the driver and the same seed gives
 * byte-identical files. Spark writes part files; they are concatenated in partition order under one header.
 *
 * <pre>
 * DIR/crm/qozb_properties.csv, DIR/crm/family_office_contacts.csv     the QOZB and Family Office exports
 * DIR/legacy/contacts.csv, auth_users.csv, campaign_recipients.csv, email_queue.csv
 * DIR/lists/*.csv + lists.yaml                                         the outreach lists
 * DIR/expected.json                                                    the figures of this data set
 * DIR/org_near_duplicates_truth.csv                                    ground truth for the organization review
 * </pre>
 */
public final class DemoGenerator {
    private static final long ROWS_PER_PARTITION = 200_000;
    static final String[] CONTACT_HEADER = {
        "id",
        "email",
        "name",
        "company",
        "role",
        "phone_number",
        "contact_types",
        "details",
        "user_id",
        "location",
        "source",
        "lead_status",
        "globally_bounced",
        "globally_unsubscribed",
        "suppression_reason",
        "suppression_date",
        "created_at"
    };
    static final String[] USER_HEADER = {"id", "email", "created_at", "raw_user_meta_data"};
    static final String[] RECIPIENT_HEADER = {
        "id", "campaign_id", "contact_id", "status", "sent_at", "opened_at", "clicked_at", "bounced_at"
    };
    static final String[] QUEUE_HEADER = {"id", "to_email", "subject", "status", "created_at"};

    /** What was written. */
    public record Result(Path out, DemoPlan plan, Map<String, Long> rowsWritten) {}

    private final SparkSession spark;

    public DemoGenerator(SparkSession spark) {
        this.spark = spark;
    }

    public Result generate(double scale, long seed, Path out) {
        DemoPlan plan = DemoPlan.of(scale, seed);
        Layout layout = new Layout(plan);
        SourceFactory sources = new SourceFactory(layout);
        ContactFactory contacts = new ContactFactory(layout);
        OutreachFactory outreach = new OutreachFactory(layout, contacts);
        Map<String, Long> rows = new LinkedHashMap<>();
        try {
            Files.createDirectories(out);
            rows.put(
                    "crm/qozb_properties.csv",
                    write(
                            out.resolve("crm/qozb_properties.csv"),
                            SourceFactory.QOZB_HEADER,
                            plan.properties,
                            sources::qozb,
                            false));
            rows.put(
                    "crm/family_office_contacts.csv",
                    write(
                            out.resolve("crm/family_office_contacts.csv"),
                            SourceFactory.FO_HEADER,
                            plan.foPeople,
                            sources::familyOffice,
                            false));
            rows.put(
                    "legacy/contacts.csv",
                    write(
                            out.resolve("legacy/contacts.csv"),
                            CONTACT_HEADER,
                            plan.contacts,
                            pos -> contactRow(contacts.contact(contacts.indexAt(pos))),
                            false));
            rows.put(
                    "legacy/auth_users.csv",
                    write(out.resolve("legacy/auth_users.csv"), USER_HEADER, plan.users, contacts::authUser, false));
            rows.put(
                    "legacy/campaign_recipients.csv",
                    writeRecipients(out.resolve("legacy/campaign_recipients.csv"), plan, contacts));
            rows.put(
                    "legacy/email_queue.csv",
                    write(
                            out.resolve("legacy/email_queue.csv"),
                            QUEUE_HEADER,
                            plan.emailQueueRows,
                            contacts::queued,
                            false));
            writeLists(out.resolve("lists"), outreach, rows);
            writeTruth(out.resolve("org_near_duplicates_truth.csv"), layout);
            ObjectNode expected = plan.expected();
            ObjectNode gen = expected.putObject("_generator");
            gen.put("scale", scale);
            gen.put("seed", seed);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("expected.json").toFile(), expected);
        } catch (IOException e) {
            throw Errors.runtime("writing the demo data set to %s failed: %s", out, e.getMessage());
        }
        return new Result(out, plan, rows);
    }

    private static String[] contactRow(ContactFactory.Contact c) {
        return new String[] {
            c.id(),
            c.email(),
            c.name(),
            c.company(),
            c.role(),
            c.phone(),
            c.types(),
            c.details(),
            c.userId(),
            c.location(),
            c.source(),
            c.leadStatus(),
            String.valueOf(c.bounced()),
            String.valueOf(c.unsubscribed()),
            c.suppressionReason(),
            c.suppressionDate(),
            c.createdAt()
        };
    }

    private static StructType schema(String[] header) {
        return new StructType(Arrays.stream(header)
                .map(h -> new StructField(h, DataTypes.StringType, true, Metadata.empty()))
                .toArray(StructField[]::new));
    }

    private static int partitions(long n) {
        return (int) Math.max(1, (n + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
    }

    /** Writes n rows made by {@code rowOf} (a pure function of the row index) as one CSV file. */
    private long write(Path file, String[] header, long n, SerializableLongFunction rowOf, boolean crlf)
            throws IOException {
        Dataset<Row> ds = spark.range(0, n, 1, partitions(n))
                .map(
                        (MapFunction<Long, Row>) i -> RowFactory.create((Object[]) rowOf.apply(i)),
                        Encoders.row(schema(header)));
        writeCsv(ds, file, header, crlf, false);
        return n;
    }

    private long writeRecipients(Path file, DemoPlan plan, ContactFactory contacts) throws IOException {
        int campaigns = plan.campaigns;
        long n = plan.contacts * campaigns;
        Dataset<Row> ds = spark.range(0, n, 1, partitions(n))
                .flatMap(
                        (FlatMapFunction<Long, Row>) i -> {
                            String[] r = contacts.recipient((int) (i % campaigns), i / campaigns);
                            return r == null
                                    ? Collections.emptyIterator()
                                    : List.of(RowFactory.create((Object[]) r)).iterator();
                        },
                        Encoders.row(schema(RECIPIENT_HEADER)));
        return writeCsv(ds, file, RECIPIENT_HEADER, false, false);
    }

    private void writeLists(Path dir, OutreachFactory outreach, Map<String, Long> rows) throws IOException {
        Files.createDirectories(dir);
        long n = outreach.rows();
        StructType entrySchema = schema(new String[] {"file", "email", "company", "name", "title", "phone"});
        Dataset<Row> entries = spark.range(0, n, 1, partitions(n))
                .map(
                        (MapFunction<Long, Row>) i -> {
                            OutreachFactory.Entry e = outreach.entry(i);
                            return RowFactory.create(e.file(), e.email(), e.company(), e.name(), e.title(), e.phone());
                        },
                        Encoders.row(entrySchema));
        ArrayNode manifest = new ObjectMapper().createArrayNode();
        for (OutreachFactory.ListFile f : OutreachFactory.FILES) {
            String[] header = f.header();
            Dataset<Row> rowsOfFile = entries.filter(entries.col("file").equalTo(f.file()))
                    .map(
                            (MapFunction<Row, Row>) r -> RowFactory.create((Object[]) render(f, r)),
                            Encoders.row(schema(header)));
            rows.put("lists/" + f.file(), writeCsv(rowsOfFile, dir.resolve(f.file()), header, f.crlf(), f.bom()));
            if (f.inManifest()) {
                ObjectNode m = manifest.addObject();
                m.put("file", f.file());
                m.put("category", f.category());
            }
        }
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put(
                "_about",
                "Outreach lists and their category (developer | investor | fund | other). "
                        + "A file not listed here takes its category from its name prefix.");
        root.set("lists", manifest);
        new ObjectMapper(new YAMLFactory()).writeValue(dir.resolve("lists.yaml").toFile(), root);
    }

    /**
     * One row of a list file, in that file's own columns: a full name is split when the file has first/last columns.
     */
    private static String[] render(OutreachFactory.ListFile f, Row r) {
        String name = r.getString(3);
        String first = null;
        String last = null;
        if (name != null) {
            int sp = name.indexOf(' ');
            first = sp < 0 ? name : name.substring(0, sp);
            last = sp < 0 ? null : name.substring(sp + 1);
        }
        String[] out = new String[f.columns().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (f.columns().get(i)[1]) {
                case "email" -> r.getString(1);
                case "company" -> r.getString(2);
                case "full_name" -> name;
                case "first_name" -> first;
                case "last_name" -> last;
                case "title" -> r.getString(4);
                case "phone" -> r.getString(5);
                default -> null;
            };
        }
        return out;
    }

    private void writeTruth(Path file, Layout l) throws IOException {
        DemoPlan p = l.plan;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("organization_a,organization_b,is_duplicate,kind\n");
            long end = p.casePairs + p.nearDupSuffix + p.nearDupExtension + p.nearDupNegatives;
            for (long s = p.casePairs; s < end; s++) {
                Layout.NewOrgKind kind = l.newOrgKind(s);
                w.write(csv(l.qozbOrg(l.plantedTarget(s))) + "," + csv(l.newOrg(s)) + ","
                        + (kind != Layout.NewOrgKind.NEGATIVE) + ","
                        + kind.name().toLowerCase(Locale.ROOT) + "\n");
            }
        }
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /**
     * Writes a Dataset as ONE csv file: Spark writes headerless part files in parallel, which are then concatenated
     * in partition order (a streaming copy on the driver, never a collect). Returns the number of data rows.
     */
    private long writeCsv(Dataset<Row> ds, Path file, String[] header, boolean crlf, boolean bom) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".parts");
        deleteRecursively(tmp);
        String lineSep = crlf ? "\r\n" : "\n";
        ds.write()
                .mode("overwrite")
                .option("header", "false")
                .option("escape", "\"")
                .option("lineSep", lineSep)
                .option("encoding", "UTF-8")
                .csv(tmp.toString());
        long lines = 0;
        try (OutputStream out = Files.newOutputStream(file);
                Stream<Path> parts = Files.list(tmp)) {
            if (bom) {
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            out.write((String.join(",", header) + lineSep).getBytes(StandardCharsets.UTF_8));
            for (Path part : parts.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList()) {
                try (InputStream in = Files.newInputStream(part)) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                lines++;
                            }
                        }
                    }
                }
            }
        }
        deleteRecursively(tmp);
        // Generated values never hold a line break, so lines are records.
        return lines;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** A row function that Spark can ship to executors. */
    @FunctionalInterface
    interface SerializableLongFunction extends LongFunction<String[]>, Serializable {}
}
