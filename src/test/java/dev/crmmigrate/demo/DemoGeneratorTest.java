package dev.crmmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestSpark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo data set at scale 1 holds the field report's figures: every figure is re-counted here from the written files
 * with plain Spark SQL and compared with the acceptance file, independently of the generator's own bookkeeping.
 */
@Slow(seconds = 45)
class DemoGeneratorTest {
    @TempDir
    static Path dir;

    static Path out;
    static JsonNode expected;
    /** The field report's figures (the acceptance file): every count below is compared with these, not with the
     * generator's own expected.json. */
    static JsonNode fieldReport;

    static SparkSession spark;

    @BeforeAll
    static void generate() throws IOException {
        spark = TestSpark.get();
        out = dev.crmmigrate.support.DemoFixture.scale1();
        expected = new ObjectMapper().readTree(out.resolve("expected.json").toFile());
        try (InputStream in = DemoGeneratorTest.class.getResourceAsStream("/acceptance/seed-figures.json")) {
            fieldReport = new ObjectMapper().readTree(in);
        }
        csv("crm/qozb_properties.csv").createOrReplaceTempView("q");
        csv("crm/family_office_contacts.csv").createOrReplaceTempView("fo");
        csv("legacy/contacts.csv").createOrReplaceTempView("c");
        spark.sql("select t_email(contact_email) e from q union select t_email(email) from fo")
                .where("e is not null")
                .createOrReplaceTempView("crm_emails");
        spark.sql("select distinct p from (select t_e164(contact_phone_1) p from q union all select "
                        + "t_e164(contact_phone_2) from q "
                        + "union all select t_e164(property_phone) from q union all select t_e164(phone) "
                        + "from fo) where p is not null")
                .createOrReplaceTempView("crm_phones");
        spark.sql("select distinct lower(trim(owner_organization)) k from q union select lower(trim(firm)) from fo")
                .createOrReplaceTempView("crm_orgs");
    }

    static Dataset<Row> csv(String file) {
        return spark.read()
                .option("header", "true")
                .option("escape", "\"")
                .option("multiLine", "true")
                .csv(out.resolve(file).toString());
    }

    static long sql(String q) {
        return spark.sql(q).first().getLong(0);
    }

    static long fig(String section, String key) {
        return fieldReport.get(section).get(key).asLong();
    }

    /**
     * expected.json (what {@code run} compares its figures with) names every figure of the field report, section by
     * section; its values are checked below by counting them in the written files.
     */
    @Test
    void expectedNamesEveryFieldReportFigure() {
        int compared = 0;
        for (Iterator<Map.Entry<String, JsonNode>> sections = fieldReport.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (section.getKey().startsWith("_")) {
                continue;
            }
            assertThat(iterable(expected.get(section.getKey()).fieldNames()))
                    .as(section.getKey())
                    .containsExactlyInAnyOrderElementsOf(
                            iterable(section.getValue().fieldNames()));
            compared += section.getValue().size();
        }
        assertThat(compared).isEqualTo(57);
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void sourceExportsHoldTheBeforeFigures() {
        assertThat(sql("select count(distinct contact_id) from q")).isEqualTo(fig("source_imports", "qozb_people"));
        assertThat(sql("select count(distinct lower(trim(owner_organization))) from q"))
                .isEqualTo(fig("source_imports", "qozb_organizations"));
        assertThat(sql("select count(*) from q")).isEqualTo(fig("source_imports", "qozb_properties"));
        assertThat(sql("select count(distinct record_id) from fo"))
                .isEqualTo(fig("source_imports", "family_office_people"));
        assertThat(sql("select count(distinct lower(trim(firm))) from fo"))
                .isEqualTo(fig("source_imports", "family_office_organizations"));
        assertThat(sql("select count(*) from crm_orgs")).isEqualTo(fig("before_migration", "organizations"));
        assertThat(sql("select count(*) from crm_emails")).isEqualTo(fig("before_migration", "emails"));
        assertThat(sql("select count(*) from crm_phones")).isEqualTo(fig("before_migration", "phones"));
        assertThat(sql("select count(*) from (select distinct contact_id, t_email(contact_email) from q "
                        + "where contact_email is not null) "))
                .isEqualTo(fig("before_migration", "person_emails")
                        - sql("select count(*) from fo where email is not null"));
        assertThat(sql("select count(*) from (select distinct contact_id, lower(trim(owner_organization)) from q)")
                        + sql("select count(*) from fo"))
                .isEqualTo(fig("before_migration", "person_organizations"));
        assertThat(sql("select count(*) from (select distinct contact_id, p from (select contact_id, "
                                + "t_e164(contact_phone_1) p from q "
                                + "union all select contact_id, t_e164(contact_phone_2) from q) where p is not null)")
                        + sql("select count(*) from fo where phone is not null"))
                .isEqualTo(fig("before_migration", "person_phones"));
    }

    @Test
    void contactsHoldTheAnalysisFigures() {
        spark.sql("select *, t_email(email) ne, t_e164(phone_number) ph, lower(trim(company)) ck, "
                        + "row_number() over (partition by t_email(email) order by created_at, id) rn from c")
                .createOrReplaceTempView("cn");
        assertThat(sql("select count(*) from cn")).isEqualTo(fig("contacts_analysis", "total_contacts"));
        assertThat(sql("select count(*) from cn where email is not null and ne is null"))
                .as("invalid contact emails")
                .isZero();
        assertThat(sql("select count(*) from cn where ne is not null and rn > 1"))
                .isEqualTo(fig("contacts_analysis", "duplicate_emails"));
        assertThat(sql("select count(distinct ne) from cn where ne in (select e from crm_emails)"))
                .isEqualTo(fig("contacts_analysis", "email_match"));
        assertThat(sql("select count(distinct ne) from cn where ne not in (select e from crm_emails)"))
                .isEqualTo(fig("contacts_analysis", "email_new"));
        assertThat(sql("select count(*) from cn where ph in (select p from crm_phones)"))
                .isEqualTo(fig("contacts_analysis", "phone_match"));
        assertThat(sql("select count(*) from cn where ph is not null and ph not in (select p from crm_phones)"))
                .isEqualTo(fig("contacts_analysis", "phone_new"));
        assertThat(sql("select count(distinct ph) from cn where ph is not null and ph not in (select p from "
                        + "crm_phones)"))
                .isEqualTo(fig("contacts_import_phases", Figure.NEW_PHONES));
        assertThat(sql("select count(*) from cn where ck in (select k from crm_orgs)"))
                .isEqualTo(fig("contacts_analysis", "company_match_exact"));
        assertThat(sql("select count(distinct trim(company)) from cn where ck is not null and ck not in "
                        + "(select k from crm_orgs)"))
                .isEqualTo(fig("contacts_analysis", "company_new_unique"));
        assertThat(sql("select count(distinct ck) from cn where ck is not null and ck not in (select k from crm_orgs)"))
                .isEqualTo(fig("after_migration", "organizations") - fig("before_migration", "organizations"));
        assertThat(sql("select count(*) from cn where name is not null"))
                .isEqualTo(fig("contacts_analysis", "has_name"));
        assertThat(sql("select count(*) from cn where role is not null"))
                .isEqualTo(fig("contacts_analysis", "has_role"));
        assertThat(sql("select count(*) from cn where location is not null"))
                .isEqualTo(fig("contacts_analysis", "has_location"));
        assertThat(sql("select count(*) from cn where user_id is not null"))
                .isEqualTo(fig("contacts_analysis", "has_user_id"));
        assertThat(sql("select count(*) from cn where globally_bounced = 'true'"))
                .isEqualTo(fig("contacts_analysis", "globally_bounced"));
        assertThat(sql("select count(*) from cn where globally_unsubscribed = 'true'"))
                .isEqualTo(fig("contacts_analysis", "globally_unsubscribed"));
        assertThat(sql("select count(*) from cn where ne is not null"))
                .isEqualTo(fig("contacts_import_phases", Figure.MAPPINGS_SAVED));
        assertThat(sql("select count(distinct ne) from cn where ne in (select e from crm_emails) "
                        + "and (globally_bounced = 'true' or globally_unsubscribed = 'true')"))
                .isEqualTo(fig("contacts_import_phases", Figure.EMAIL_STATUSES_UPDATED));
        // every user id of a contact exists in auth.users
        csv("legacy/auth_users.csv").createOrReplaceTempView("u");
        assertThat(sql("select count(*) from cn where user_id is not null and user_id not in (select id from u)"))
                .isZero();
    }

    @Test
    void outreachListsHoldTheOverlapFigures() throws IOException {
        Dataset<Row> all = null;
        try (Stream<Path> files = Files.list(out.resolve("lists"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                Dataset<Row> d = spark.read()
                        .option("header", "true")
                        .option("escape", "\"")
                        .csv(f.toString());
                String email = null;
                String company = null;
                for (String c : d.columns()) {
                    String k = c.replace("\uFEFF", "").toLowerCase().replaceAll("[ _-]", "");
                    if (k.equals("email") || k.equals("emailaddress")) {
                        email = c;
                    }
                    if (k.startsWith("compan") || k.startsWith("organi") || k.equals("firm")) {
                        company = c;
                    }
                }
                assertThat(email).as("email column of " + f).isNotNull();
                String category = f.getFileName().toString().split("_")[0];
                Dataset<Row> rows = d.selectExpr(
                        "`" + email + "` as email", "`" + company + "` as company", "'" + category + "' as category");
                all = all == null ? rows : all.unionAll(rows);
            }
        }
        all.createOrReplaceTempView("lists");
        assertThat(sql("select count(distinct t_email(email)) from lists"))
                .isEqualTo(fig("email_list_overlap", "unique_outreach_emails"));
        assertThat(sql("select count(distinct t_email(email)) from lists where t_email(email) in (select e "
                        + "from crm_emails)"))
                .isEqualTo(fig("email_list_overlap", "overlap_with_crm"));
        assertThat(sql("select count(*) from lists where email is not null and t_email(email) is null"))
                .as("invalid emails planted")
                .isPositive();
        spark.sql("select distinct t_company_key(owner_organization) k from q").createOrReplaceTempView("qk");
        spark.sql("select distinct t_company_key(firm) k from fo").createOrReplaceTempView("fk");
        assertThat(sql("select count(distinct t_company_key(company)) from lists"))
                .isEqualTo(fig("company_overlap", "unique_outreach_companies"));
        assertThat(sql("select count(distinct t_company_key(company)) from lists where "
                        + "t_company_key(company) in (select k from qk union select k from fk)"))
                .isEqualTo(fig("company_overlap", "overlap_with_crm"));
        double dev = 100.0
                * sql("select count(distinct t_company_key(company)) from lists where category='developer' and "
                        + "t_company_key(company) in (select k from qk)")
                / sql("select count(distinct t_company_key(company)) from lists where category='developer'");
        assertThat(dev)
                .isCloseTo(
                        fieldReport
                                .at("/company_overlap/developer_lists_vs_qozb_pct/value")
                                .asDouble(),
                        Offset.offset(0.05));
        double inv = 100.0
                * sql("select count(distinct t_company_key(company)) from lists where category='investor' and "
                        + "t_company_key(company) in (select k from fk)")
                / sql("select count(distinct t_company_key(company)) from lists where category='investor'");
        assertThat(inv)
                .isCloseTo(
                        fieldReport
                                .at("/company_overlap/investor_lists_vs_family_office_pct/value")
                                .asDouble(),
                        Offset.offset(0.05));
        assertThat(sql("select count(distinct t_company_key(company)) from lists where category='fund' and "
                        + "t_company_key(company) in (select k from qk union select k from fk)"))
                .isZero();
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndOtherScalesScale() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        new DemoGenerator(spark).generate(0.02, 7, a);
        new DemoGenerator(spark).generate(0.02, 7, b);
        try (Stream<Path> files = Files.walk(a)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.mismatch(f, b.resolve(a.relativize(f))))
                        .as(a.relativize(f).toString())
                        .isEqualTo(-1L);
            }
        }
        JsonNode small = new ObjectMapper().readTree(a.resolve("expected.json").toFile());
        assertThat(small.at("/contacts_analysis/total_contacts").asLong()).isEqualTo(Math.round(32584 * 0.02));
        assertThat(small.at("/after_migration/people").asLong())
                .isEqualTo(small.at("/before_migration/people").asLong()
                        + small.at("/contacts_import_phases/people_inserted").asLong());
    }
}
