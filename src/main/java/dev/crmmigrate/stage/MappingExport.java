package dev.crmmigrate.stage;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The field report's {@code contacts_to_people_mapping.json}: {@code {"<contact id>": {"person_id": …, "user_id": …}}}.
 * Streamed partition by partition ({@code toLocalIterator}), so the driver never holds the whole mapping.
 */
public final class MappingExport {
    private static final String CONTACT_ID = "contact_id";

    private MappingExport() {}

    /**
     * Mappings per slice the driver streams: a slice is one Spark job and is fetched whole (compressed), so a small
     * mapping is one job, and the driver holds at most about this many mappings (some 25 MiB) at a time.
     */
    static final long ROWS_PER_SLICE = 250_000;

    /** The slices a mapping of {@code rows} is streamed in, in contact id order. */
    static int slices(long rows) {
        return (int) Math.max(1, (rows + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
    }

    /**
     * @param rows the mappings (the plan's observed figure), which size the slices: ordering by the shuffle
     *     partitions instead made one job per partition, 8 of the 30 jobs of an import at scale 1
     */
    public static long write(Dataset<Row> mapping, long rows, Path file) {
        long n = 0;
        try {
            Files.createDirectories(file.getParent());
            try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
                g.writeStartObject();
                Dataset<Row> m = mapping.select(CONTACT_ID, "person_id", "user_id");
                int n0 = slices(rows);
                // One slice: no range sampling job; more: ranges of contact ids, each sorted in itself.
                Dataset<Row> ordered = n0 == 1
                        ? m.coalesce(1).sortWithinPartitions(CONTACT_ID)
                        : m.repartitionByRange(n0, col(CONTACT_ID)).sortWithinPartitions(CONTACT_ID);
                Iterator<Row> it = ordered.toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    g.writeObjectFieldStart(r.<String>getAs(CONTACT_ID));
                    g.writeStringField("person_id", r.<String>getAs("person_id"));
                    if (r.getAs("user_id") != null) {
                        g.writeStringField("user_id", r.<String>getAs("user_id"));
                    }
                    g.writeEndObject();
                    n++;
                }
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw Errors.runtime("writing %s failed: %s", file, e.getMessage());
        }
        return n;
    }
}
