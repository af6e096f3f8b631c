package dev.crmmigrate.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.TestSpark;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class EmailsTest {
    @Test
    void lowerCasesEachCharacterOnItsOwnAsPostgresDoes() {
        assertThat(Emails.lowerCase("ann@example.com")).isEqualTo("ann@example.com");
        assertThat(Emails.lowerCase("Ann.Lee@Example.COM")).isEqualTo("ann.lee@example.com");
        assertThat(Emails.lowerCase("ΟΔΟΣ@example.gr"))
                .as("no final-sigma context rule: PostgreSQL's lower() gives σ")
                .isEqualTo("οδοσ@example.gr");
        assertThat(Emails.lowerCase(null)).isNull();
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertThat(Emails.lowerCase("INFO@ÉCOLE.FR"))
                    .as("no locale: a Turkish default locale leaves 'I' a dotted 'i'")
                    .isEqualTo("info@école.fr");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theImportsEmailColumnIsTrimmedOfSpacesAndLowerCased() {
        SparkSession spark = TestSpark.get();
        StructType schema = new StructType().add("raw", DataTypes.StringType);
        java.util.List<Row> rows = spark.createDataFrame(
                        java.util.List.<Row>of(
                                RowFactory.create("  Ann@Example.com "),
                                RowFactory.create("   "),
                                RowFactory.create("ΟΔΟΣ@EXAMPLE.GR"),
                                RowFactory.create((Object) null)),
                        schema)
                .select(NormalizeColumns.email(org.apache.spark.sql.functions.col("raw")))
                .collectAsList();
        assertThat(rows.stream().map(r -> r.getString(0)))
                .containsExactlyInAnyOrder("ann@example.com", null, "οδοσ@example.gr", null);
    }
}
