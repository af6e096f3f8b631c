package dev.crmmigrate.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.stage.StagedTable;
import dev.crmmigrate.support.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Each rule of {@link Changes} on small fixtures: what the CRM holds already is not staged again. */
class ChangesTest {
    static SparkSession spark;
    static final StructType CRM_EMAILS = new StructType()
            .add("id", DataTypes.StringType)
            .add("address", DataTypes.StringType)
            .add("status", DataTypes.StringType);
    static final StructType CRM_PEOPLE = new StructType()
            .add("id", DataTypes.StringType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType))
            .add("lead_status", DataTypes.StringType)
            .add("user_id", DataTypes.StringType)
            .add("created_at", DataTypes.TimestampType);
    static final StructType CRM_ORGS = new StructType()
            .add("id", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("name_key", DataTypes.StringType);
    static final StructType CRM_PAIRS =
            new StructType().add("person_id", DataTypes.StringType).add("number", DataTypes.StringType);

    @BeforeAll
    static void session() {
        spark = TestSpark.get();
    }

    static Dataset<Row> df(StructType schema, Row... rows) {
        return spark.createDataFrame(List.of(rows), schema);
    }

    static List<String> col(Dataset<Row> ds, String c) {
        return ds.select(c).as(Encoders.STRING()).collectAsList();
    }

    @Test
    void emailsAreStagedWhenNewOrWhenTheirStatusRises() {
        Dataset<Row> staged = df(
                StagedTable.EMAILS.schema(),
                RowFactory.create("1", "new@x.com", "active", "{}"),
                RowFactory.create("2", "same@x.com", "active", "{}"),
                RowFactory.create("3", "rise@x.com", "bounced", "{}"),
                RowFactory.create("4", "lower@x.com", "suppressed", "{}"));
        Dataset<Row> crm = df(
                CRM_EMAILS,
                RowFactory.create("a", "same@x.com", "active"),
                RowFactory.create("b", "rise@x.com", "suppressed"),
                RowFactory.create("c", "lower@x.com", "bounced"));

        assertThat(col(Changes.newEmails(staged, crm), "address")).containsExactly("new@x.com");
        assertThat(col(Changes.raisedEmails(staged, crm), "address")).containsExactly("rise@x.com");
        assertThat(Changes.raisedEmails(staged, crm).columns())
                .as("the staged schema, unchanged")
                .containsExactly(StagedTable.EMAILS.columnNames());
        // The import stages both rules with one join: the same rows, the same columns.
        assertThat(col(Changes.emails(staged, crm), "address")).containsExactlyInAnyOrder("new@x.com", "rise@x.com");
        assertThat(Changes.emails(staged, crm).columns()).containsExactly(StagedTable.EMAILS.columnNames());
    }

    @Test
    void pairsAreStagedOnlyWhenTheCrmLacksThePair() {
        StructType staged = StagedTable.PERSON_PHONES.schema();
        Dataset<Row> s = df(
                staged,
                RowFactory.create("p1", "+15550001", "legacy_contacts"),
                RowFactory.create("p1", "+15550002", "legacy_contacts"),
                RowFactory.create("p2", "+15550001", "legacy_contacts"));
        Dataset<Row> crm = df(CRM_PAIRS, RowFactory.create("p1", "+15550001"));

        List<Row> left = Changes.absent(s, crm, "person_id", "number").collectAsList();
        assertThat(left)
                .extracting(r -> r.getString(0) + " " + r.getString(1))
                .containsExactlyInAnyOrder("p1 +15550002", "p2 +15550001");
    }

    @Test
    void enrichmentIsStagedOnlyWhenItAddsSomething() {
        Dataset<Row> s = df(
                StagedTable.PERSON_ENRICHMENT.schema(),
                RowFactory.create("p1", tags("a"), "cold", null),
                RowFactory.create("p2", tags("a", "b"), null, null),
                RowFactory.create("p3", tags(), "hot", null),
                RowFactory.create("p4", tags(), null, "u4"),
                RowFactory.create("p5", tags(), null, "u5"));
        Dataset<Row> crm = df(
                CRM_PEOPLE,
                RowFactory.create("p1", tags("a"), "warm", null, null),
                RowFactory.create("p2", tags("a"), null, null, null),
                RowFactory.create("p3", tags(), "warm", null, null),
                RowFactory.create("p4", tags(), null, null, null),
                RowFactory.create("p5", tags(), null, "u0", null));

        assertThat(col(Changes.enriching(s, crm, Rules.DEFAULT_LEAD_STATUS_SCALE), "person_id"))
                .as("p1 adds nothing and lowers nothing; p5 keeps its user")
                .containsExactlyInAnyOrder("p2", "p3", "p4");
    }

    @Test
    void knownOrganizationsAreStagedOnlyToFillEmptyDetails() {
        Dataset<Row> s = df(
                StagedTable.ORGANIZATIONS.schema(),
                RowFactory.create("1", "Acme", "acme", null, "{}"),
                RowFactory.create("2", "Bolt", "bolt", "fund", "{\"aum\":1}"),
                RowFactory.create("3", "Crane", "crane", null, "{}"));
        Dataset<Row> crm = df(CRM_ORGS, RowFactory.create("a", "ACME", "acme"), RowFactory.create("b", "Bolt", "bolt"));

        Dataset<Row> out = Changes.organizations(s, crm);
        assertThat(col(out, "name_key")).containsExactlyInAnyOrder("bolt", "crane");
        assertThat(out.columns()).containsExactly(StagedTable.ORGANIZATIONS.columnNames());
    }

    static Seq<String> tags(String... t) {
        return CollectionConverters.asScala(List.of(t)).toList();
    }
}
