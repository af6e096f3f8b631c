package dev.crmmigrate.stage;

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
    private MappingExport() {}

    public static long write(Dataset<Row> mapping, Path file) {
        long n = 0;
        try {
            Files.createDirectories(file.getParent());
            try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
                g.writeStartObject();
                Iterator<Row> it = mapping.select("contact_id", "person_id", "user_id")
                        .orderBy("contact_id")
                        .toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    g.writeObjectFieldStart(r.<String>getAs("contact_id"));
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
