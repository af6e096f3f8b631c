package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crmmigrate.Secrets;
import dev.crmmigrate.audit.AuditResult;
import dev.crmmigrate.job.AuditJob;
import dev.crmmigrate.report.AuditReport;
import dev.crmmigrate.report.Page;
import dev.crmmigrate.support.Chromium;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The three audits of the field report, run before the contacts import as in the report: every figure, the same figures
 * counted again by SQL, the row-level results and metric history in Delta, and the HTML report in a real browser.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class FieldReportAuditsE2E {
    static FieldReportMigration m;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
    }

    @Test
    void everyAuditFigureEqualsTheFieldReport() {
        // Every figure the field report gives for the three audits is computed, and equals it (a few within the
        // tolerance or under the maximum that seed-figures.json states); none is skipped when missing.
        assertThat(m.audit().sections().keySet())
                .containsExactlyInAnyOrder("email_list_overlap", "company_overlap", "contacts_analysis");
        m.audit().sections().forEach((section, figures) -> {
            Map<?, ?> computed = (Map<?, ?>) figures;
            List<String> expected = new ArrayList<>();
            m.seed().path(section).fieldNames().forEachRemaining(expected::add);
            assertThat(expected)
                    .as("figures of %s in seed-figures.json", section)
                    .isNotEmpty();
            for (String k : expected) {
                assertThat(computed.containsKey(k))
                        .as("%s.%s computed by the audit", section, k)
                        .isTrue();
                double x = ((Number) computed.get(k)).doubleValue();
                JsonNode e = m.seed().path(section).path(k);
                if (e.isNumber()) {
                    assertThat(x).as(section + "." + k).isEqualTo(e.asDouble());
                } else if (e.has("tolerance")) {
                    assertThat(x)
                            .as(section + "." + k)
                            .isCloseTo(
                                    e.get("value").asDouble(),
                                    Offset.offset(e.get("tolerance").asDouble()));
                } else {
                    assertThat(e.has("max"))
                            .as("%s.%s: a number, a value with tolerance, or a max", section, k)
                            .isTrue();
                    assertThat(x)
                            .as(section + "." + k)
                            .isLessThanOrEqualTo(e.get("max").asDouble());
                }
            }
        });
    }

    @Test
    void auditFiguresReDerivedByPlainSql() {
        // The contacts-analysis figures the audit computed in Spark, counted again by SQL in the database it read.
        AuditResultView a = new AuditResultView(m.audit().get("contacts_analysis"));
        assertThat(a.get("globally_bounced"))
                .isEqualTo(count(m.db(), "select count(*) from contacts where globally_bounced"));
        assertThat(a.get("has_user_id"))
                .isEqualTo(count(m.db(), "select count(*) from contacts where user_id is not null"));
        assertThat(a.get("duplicate_emails"))
                .isEqualTo(count(
                        m.db(),
                        "select count(*) - count(distinct lower(btrim(email))) from contacts where email is not null"));
        assertThat(a.get("email_match"))
                .isEqualTo(count(
                        m.db(),
                        "select count(distinct lower(btrim(c.email))) from contacts c "
                                + "join emails e on e.address = lower(btrim(c.email)) join person_emails pe "
                                + "on pe.email_id = e.id "
                                + "join people p on p.id = pe.person_id and p.details->>'import_source' in "
                                + "('qozb', 'family_office')"));
    }

    @Test
    void auditRowLevelResultsAndHistoryAreDeltaTables() {
        SparkSession spark = TestSpark.get();
        assertThat(m.audit()
                        .get("email_list_overlap")
                        .rows()
                        .get("email_overlap_rows")
                        .count())
                .isEqualTo(m.figure("email_list_overlap", "overlap_with_crm"));
        assertThat(m.audit()
                        .get("company_overlap")
                        .rows()
                        .get("company_overlap_rows")
                        .count())
                .isEqualTo(m.figure("company_overlap", "overlap_with_crm"));
        Path history = m.work().resolve("audit/metrics");
        long runs = spark.read()
                .format("delta")
                .load(history.toString())
                .select("run_id")
                .distinct()
                .count();
        AuditJob.run(m.ctx(), DemoFixture.scale1().resolve("lists"), Set.of("companies"));
        assertThat(spark.read()
                        .format("delta")
                        .load(history.toString())
                        .select("run_id")
                        .distinct()
                        .count())
                .isEqualTo(runs + 1);
    }

    @Test
    void theHtmlReportRendersInHeadlessChromiumWithItsCharts() throws Exception {
        Page report = new Page("test report");
        AuditReport.render(m.audit(), report, false);
        String html = report.html();
        Path page = m.work().resolve("report.html");
        Files.writeString(page, html);
        assertThat(html).as("self-contained").doesNotContain("http://", "https://");
        Chromium.Rendered r = Chromium.dumpDom(page, m.work().resolve("chromium"));
        assertThat(r.dom())
                .contains(
                        "id=\"email-overlap-by-category\"",
                        "id=\"company-category-matrix\"",
                        "id=\"contacts-analysis\"");
        assertThat(r.dom()).contains("<rect class=\"bar\"");
        assertThat(r.consoleErrors()).isEmpty();
        // reports show no raw address unless --show-pii
        String first = m.audit()
                .get("email_list_overlap")
                .rows()
                .get("email_overlap_rows")
                .orderBy("address")
                .first()
                .getString(0);
        assertThat(html).doesNotContain(first).contains(Secrets.maskEmail(first));
    }

    /** Metric values by name. */
    record AuditResultView(AuditResult r) {
        long get(String name) {
            return (long) r.value(name);
        }
    }
}
