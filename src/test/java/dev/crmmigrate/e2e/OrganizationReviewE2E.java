package dev.crmmigrate.e2e;

import static dev.crmmigrate.support.TestDatabase.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.followup.OrgMerge;
import dev.crmmigrate.job.OrgCandidatesJob;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.DemoFixture;
import dev.crmmigrate.support.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Organization near-duplicates: the review finds the planted pairs, and a reviewed plan merges only the approved ones,
 * on a copy of the migrated CRM, each merge undone exactly.
 */
@Slow(seconds = 260)
@ResourceLock(FieldReportMigration.LOCK)
class OrganizationReviewE2E {
    static FieldReportMigration m;

    @BeforeAll
    static void migrate() {
        m = FieldReportMigration.get();
    }

    @Test
    void organizationReviewFindsThePlantedNearDuplicatesAndMergesOnlyApprovedPairsReversibly() throws Exception {
        Path review = m.work().resolve("review/org_candidates.csv");
        OrgCandidatesJob.Outcome o = OrgCandidatesJob.run(
                m.ctx(), 0.7, DemoFixture.scale1().resolve("org_near_duplicates_truth.csv"), review);
        assertThat(o.truthPositives()).isEqualTo(50);
        assertThat(o.recall()).as("recall against the planted ground truth").isGreaterThanOrEqualTo(0.9);
        assertThat(o.precision())
                .as("precision against the planted ground truth")
                .isGreaterThanOrEqualTo(0.9);

        // A reviewer approves the proposed pairs that the ground truth confirms.
        Map<String, Boolean> truth =
                OrgCandidatesJob.readTruth(DemoFixture.scale1().resolve("org_near_duplicates_truth.csv"));
        List<String> lines = Files.readAllLines(review);
        StringBuilder plan = new StringBuilder(lines.get(0)).append('\n');
        int approved = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            String a = f[1].replace("\"", "");
            String b = f[3].replace("\"", "");
            boolean yes = Boolean.TRUE.equals(truth.get(OrgCandidatesJob.pairKey(a, b))) && f[8].equals("true");
            approved += yes ? 1 : 0;
            plan.append(line).append(yes ? "merge" : "keep").append('\n');
        }
        Path planFile = m.work().resolve("review/reviewed.csv");
        Files.writeString(planFile, plan);
        Database crm = m.copy("merge");
        Map<String, String> before = Checksums.stable(crm);
        long orgsBefore = count(crm, "select count(*) from organizations");

        var merged = OrgMerge.merge(crm, planFile);
        assertThat(merged.figures().get("merged")).isEqualTo(approved).isPositive();
        assertThat(count(crm, "select count(*) from organizations")).isEqualTo(orgsBefore - approved);
        assertThat(count(crm, "select count(*) from organization_merges")).isEqualTo(approved);
        assertThat(count(
                        crm,
                        "select count(*) from person_organizations po left join organizations o on o.id = "
                                + "po.organization_id where o.id is null"))
                .isZero();
        var again = OrgMerge.merge(crm, planFile);
        assertThat(again.figures().get("merged"))
                .as("re-applying a plan merges nothing")
                .isZero();

        try (var c = crm.open();
                var st = c.createStatement();
                var rs = st.executeQuery("select merge_id from organization_merges")) {
            List<UUID> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add((UUID) rs.getObject(1));
            }
            for (UUID id : ids) {
                OrgMerge.undo(crm, id);
            }
        }
        Map<String, String> after = Checksums.stable(crm);
        assertThat(after).as("every merge undone exactly").isEqualTo(before);
    }
}
