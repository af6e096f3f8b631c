package dev.crmmigrate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.audit.Drift;
import dev.crmmigrate.audit.MetricHistory;
import dev.crmmigrate.job.AuditJob;
import dev.crmmigrate.job.AuditOutcome;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The scheduled re-audit on the migrated CRM: no drift while nothing changed, then exactly the overlap a new list adds.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class ReauditDriftE2E {
    static FieldReportMigration m;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
    }

    @Test
    void reauditFindsNoDriftOnAnUnchangedDatabaseThenExactlyTheAddedOverlap() throws Exception {
        Path lists = m.work().resolve("reaudit-lists");
        Files.createDirectories(lists);
        try (var files = Files.list(DemoFixture.scale1().resolve("lists"))) {
            for (Path f : files.toList()) {
                Files.copy(f, lists.resolve(f.getFileName()));
            }
        }
        Set<String> emails = Set.of("emails");
        AuditOutcome a = AuditJob.run(m.ctx(), lists, emails);
        AuditOutcome b = AuditJob.run(m.ctx(), lists, emails);
        Dataset<Row> history = new MetricHistory(TestSpark.get(), m.work().resolve("audit/metrics")).read();
        Drift.Report none = Drift.compare(
                history,
                a.runId(),
                b.runId(),
                a.get("email_list_overlap").rows().get("email_overlap_rows"),
                b.get("email_list_overlap").rows().get("email_overlap_rows"),
                1.0,
                0,
                false);
        assertThat(none.changes()).isEmpty();
        assertThat(none.newOverlaps()).isZero();
        assertThat(none.alert()).isFalse();

        // A new list with 7 addresses the CRM holds and no list had yet (written as people type them).
        List<String> known =
                b.get("email_list_overlap").rows().get("email_overlap_rows").select("address").collectAsList().stream()
                        .map(r -> r.getString(0))
                        .toList();
        List<String> added = new ArrayList<>();
        try (var c = m.db().open();
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "select e.address from emails e join person_emails pe on pe.email_id = e.id join people p "
                                + "on p.id = pe.person_id and p.details->>'import_source' = 'family_office' order by "
                                + "e.address limit 200")) {
            while (rs.next() && added.size() < 7) {
                if (!known.contains(rs.getString(1))) {
                    added.add(rs.getString(1));
                }
            }
        }
        StringBuilder csv = new StringBuilder("E-mail,Company\n");
        added.forEach(x -> csv.append(" ").append(x.toUpperCase(Locale.ROOT)).append(",Acme Holdings LLC\n"));
        Files.writeString(lists.resolve("developer_new_leads.csv"), csv);
        AuditOutcome after = AuditJob.run(m.ctx(), lists, emails);
        history = new MetricHistory(TestSpark.get(), m.work().resolve("audit/metrics")).read();
        Drift.Report drift = Drift.compare(
                history,
                b.runId(),
                after.runId(),
                b.get("email_list_overlap").rows().get("email_overlap_rows"),
                after.get("email_list_overlap").rows().get("email_overlap_rows"),
                1.0,
                0,
                false);
        assertThat(drift.newOverlaps()).isEqualTo(7);
        assertThat(drift.changes()).anySatisfy(ch -> {
            assertThat(ch.label()).isEqualTo("email_list_overlap.overlap_with_crm");
            assertThat(ch.delta()).isEqualTo(7.0);
        });
        assertThat(drift.alert()).isTrue();
        assertThat(drift.thresholdsCrossed()).anyMatch(t -> t.contains("7 outreach emails newly found"));
    }
}
