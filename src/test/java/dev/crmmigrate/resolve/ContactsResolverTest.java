package dev.crmmigrate.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.support.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** The contacts rules on small typed fixtures: first-wins, email = same person, ambiguity, enrichment. */
class ContactsResolverTest {
    static SparkSession spark;
    static final StructType CONTACTS = new StructType()
            .add("id", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("company", DataTypes.StringType)
            .add("role", DataTypes.StringType)
            .add("phone_number", DataTypes.StringType)
            .add("contact_types", DataTypes.createArrayType(DataTypes.StringType))
            .add("details", DataTypes.StringType)
            .add("user_id", DataTypes.StringType)
            .add("location", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("lead_status", DataTypes.StringType)
            .add("globally_bounced", DataTypes.BooleanType)
            .add("globally_unsubscribed", DataTypes.BooleanType)
            .add("suppression_reason", DataTypes.StringType)
            .add("suppression_date", DataTypes.TimestampType)
            .add("created_at", DataTypes.TimestampType);
    static final StructType PERSON_EMAILS = new StructType()
            .add("person_id", DataTypes.StringType)
            .add("address", DataTypes.StringType)
            .add("person_created_at", DataTypes.TimestampType);

    final ContactsResolver resolver = new ContactsResolver("US", Rules.DEFAULT_LEAD_STATUS_SCALE);

    @BeforeAll
    static void session() {
        spark = TestSpark.get();
    }

    static Row contact(
            String id, String email, String name, String types, String lead, boolean bounced, String created) {
        return RowFactory.create(
                id,
                email,
                name,
                null,
                null,
                null,
                CollectionConverters.asScala(List.of(types.split(","))).toSeq(),
                "{}",
                null,
                null,
                "outreach_list",
                lead,
                bounced,
                false,
                bounced ? "hard_bounce" : null,
                null,
                Timestamp.valueOf(created));
    }

    Dataset<Row> contacts(Row... rows) {
        return spark.createDataFrame(List.of(rows), CONTACTS);
    }

    @Test
    void sameEmailInDifferentCaseAndSpacesIsOnePersonAndBothContactsMap() {
        Dataset<Row> n = resolver.normalize(contacts(
                contact(
                        "00000000-0000-0000-0000-000000000002",
                        "  Ann@Example.COM ",
                        "Ann Later",
                        "investor",
                        "warm",
                        true,
                        "2024-05-01 00:00:00"),
                contact(
                        "00000000-0000-0000-0000-000000000001",
                        "ann@example.com",
                        "Ann First",
                        "developer",
                        "cold",
                        false,
                        "2021-01-01 00:00:00")));
        Dataset<Row> resolution = ContactsResolver.resolve(n, spark.createDataFrame(List.of(), PERSON_EMAILS));
        Dataset<Row> with = ContactsResolver.withPerson(n, resolution, false);

        List<Row> people = ContactsPlan.newPeople(with).collectAsList();
        assertThat(people).hasSize(1);
        Row p = people.get(0);
        assertThat(p.getString(p.fieldIndex("id")))
                .isEqualTo(Ids.v5("person:email:ann@example.com").toString());
        assertThat(p.getString(p.fieldIndex("first_name")))
                .as("the first contact wins")
                .isEqualTo("Ann");
        assertThat(p.getString(p.fieldIndex("last_name"))).isEqualTo("First");
        assertThat(p.getList(p.fieldIndex("tags"))).containsExactly("developer", "investor");
        assertThat(p.getString(p.fieldIndex("lead_status")))
                .as("highest on the scale")
                .isEqualTo("warm");

        List<Row> map = ContactsPlan.mapping(with).orderBy("contact_id").collectAsList();
        assertThat(map).extracting(r -> r.getString(1)).containsOnly(p.getString(0));
        assertThat(map).extracting(r -> r.getBoolean(4)).containsExactly(true, false);

        List<Row> emails = ContactsPlan.emails(n).collectAsList();
        assertThat(emails).hasSize(1);
        assertThat(emails.get(0).getString(2))
                .as("bounce is sticky across duplicates")
                .isEqualTo("bounced");
    }

    @Test
    void anEmailSharedByTwoCrmPeopleResolvesToTheEarliestAndIsReported() {
        Dataset<Row> n = resolver.normalize(contacts(contact(
                "00000000-0000-0000-0000-000000000003",
                "info@acme-example.com",
                "Bo Jones",
                "fund",
                "hot",
                false,
                "2022-01-01 00:00:00")));
        Dataset<Row> crm = spark.createDataFrame(
                List.of(
                        RowFactory.create(
                                "bbbbbbbb-0000-0000-0000-000000000000",
                                "info@acme-example.com",
                                Timestamp.valueOf("2020-01-01 00:00:00")),
                        RowFactory.create(
                                "aaaaaaaa-0000-0000-0000-000000000000",
                                "info@acme-example.com",
                                Timestamp.valueOf("2020-01-01 00:00:00")),
                        RowFactory.create(
                                "cccccccc-0000-0000-0000-000000000000",
                                "info@acme-example.com",
                                Timestamp.valueOf("2023-01-01 00:00:00"))),
                PERSON_EMAILS);
        Row r = ContactsResolver.resolve(n, crm).first();
        assertThat(r.getString(1))
                .as("earliest created, then lowest id")
                .isEqualTo("aaaaaaaa-0000-0000-0000-000000000000");
        assertThat(r.getBoolean(2)).isTrue();
        assertThat(r.getLong(3)).isEqualTo(3);
        Dataset<Row> with = ContactsResolver.withPerson(n, ContactsResolver.resolve(n, crm), false);
        assertThat(ContactsPlan.newPeople(with).count()).isZero();
        Row e = ContactsPlan.enrichment(with).first();
        assertThat(e.getString(0)).isEqualTo("aaaaaaaa-0000-0000-0000-000000000000");
        assertThat(e.getList(1)).containsExactly("fund");
        assertThat(e.getString(2)).isEqualTo("hot");
    }

    @Test
    void anInvalidEmailIsAFieldRejectAndAContactWithoutEmailFallsUnderTheRule() {
        Dataset<Row> n = resolver.normalize(contacts(
                contact(
                        "00000000-0000-0000-0000-000000000004",
                        "not-an-email",
                        "X Y",
                        "fund",
                        null,
                        false,
                        "2022-01-01 00:00:00"),
                contact(
                        "00000000-0000-0000-0000-000000000005",
                        null,
                        "Z Z",
                        "fund",
                        null,
                        false,
                        "2022-01-01 00:00:00"),
                contact(
                        "00000000-0000-0000-0000-000000000006",
                        "ok@fine-example.com",
                        "O K",
                        "fund",
                        null,
                        false,
                        "2022-01-01 00:00:00")));
        List<Row> rejects = ContactsResolver.rejects(n).orderBy("record_id").collectAsList();
        assertThat(rejects)
                .extracting(r -> r.<String>getAs("record_id") + ":" + r.<String>getAs("reason"))
                .containsExactly("00000000-0000-0000-0000-000000000004:email has no '@'");
        assertThat(ContactsResolver.withoutEmail(n).orderBy("id").collectAsList())
                .extracting(r -> r.<String>getAs("id"))
                .containsExactly("00000000-0000-0000-0000-000000000004", "00000000-0000-0000-0000-000000000005");
        Dataset<Row> resolution = ContactsResolver.resolve(n, spark.createDataFrame(List.of(), PERSON_EMAILS));
        assertThat(ContactsPlan.mapping(ContactsResolver.withPerson(n, resolution, false))
                        .count())
                .as("skip")
                .isEqualTo(1);
        Dataset<Row> created = ContactsResolver.withPerson(n, resolution, true);
        assertThat(ContactsPlan.mapping(created).count()).as("create").isEqualTo(3);
        assertThat(ContactsPlan.personEmails(created).count())
                .as("no address, no email link")
                .isEqualTo(1);
    }
}
