package dev.crmmigrate.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.support.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved mapping: every contact once, in contact id order, whether streamed in one slice or in several. */
class MappingExportTest {
    static final StructType MAP = new StructType()
            .add("contact_id", DataTypes.StringType)
            .add("person_id", DataTypes.StringType)
            .add("user_id", DataTypes.StringType);

    @TempDir
    Path dir;

    @Test
    void aMappingIsOneSliceUpToAQuarterMillionRows() {
        assertThat(MappingExport.slices(0)).isEqualTo(1);
        assertThat(MappingExport.slices(32_583))
                .as("the field report's mappings")
                .isEqualTo(1);
        assertThat(MappingExport.slices(MappingExport.ROWS_PER_SLICE)).isEqualTo(1);
        assertThat(MappingExport.slices(MappingExport.ROWS_PER_SLICE + 1)).isEqualTo(2);
        assertThat(MappingExport.slices(3_258_300)).as("scale 100").isEqualTo(14);
    }

    @Test
    void oneSliceAndSeveralWriteTheSameOrderedFile() throws Exception {
        SparkSession spark = TestSpark.get();
        List<Row> rows = new ArrayList<>();
        for (int i = 40; i > 0; i--) {
            rows.add(RowFactory.create(String.format("c-%03d", i), "p-" + i, i % 3 == 0 ? "u-" + i : null));
        }
        Dataset<Row> mapping = spark.createDataFrame(rows, MAP).repartition(4);
        Path one = dir.resolve("one.json");
        Path several = dir.resolve("several.json");

        assertThat(MappingExport.write(mapping, 40, one)).isEqualTo(40);
        // The row figure only sizes the slices: three slices of the same 40 rows.
        assertThat(MappingExport.write(mapping, 3 * MappingExport.ROWS_PER_SLICE, several))
                .isEqualTo(40);

        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(one.toFile());
        assertThat(json.readTree(several.toFile())).isEqualTo(a);
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            ids.add(it.next());
        }
        assertThat(ids).hasSize(40).isSorted().startsWith("c-001").endsWith("c-040");
        assertThat(a.get("c-003").get("user_id").asText()).isEqualTo("u-3");
        assertThat(a.get("c-001").has("user_id")).isFalse();
    }
}
