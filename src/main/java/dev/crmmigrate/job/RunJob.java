package dev.crmmigrate.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.Errors;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.demo.DemoGenerator;
import dev.crmmigrate.followup.FollowupJob;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.stage.RunIds;
import dev.crmmigrate.verify.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code crm-migrate run}: the whole field report in its order, generate (when the data set is missing) → seed the
 * legacy tables → CRM schema → import QOZB → import Family Office → the three audits → import contacts (and its
 * mapping) → follow-ups → organization review. Returns everything as one {@link RunOutcome}; rendering it is the
 * report's business, printing it the command's.
 */
public final class RunJob {
    /** The review proposes organization pairs scoring at least this. */
    static final double ORG_REVIEW_THRESHOLD = 0.7;

    /**
     * @param demo  the data set (generated there when it has no expected.json)
     * @param scale of a generated data set (1 = the field report)
     * @param seed  of a generated data set
     */
    public record Options(Path demo, double scale, long seed) {}

    private RunJob() {}

    public static RunOutcome run(JobContext ctx, Options o) {
        Path demo = o.demo();
        String runId = RunIds.next("run");
        if (!Files.exists(demo.resolve("expected.json"))) {
            System.err.printf(
                    "[run] generating the demo data set (scale %s, seed %d) in %s%n", o.scale(), o.seed(), demo);
            new DemoGenerator(ctx.spark()).generate(o.scale(), o.seed(), demo);
        }
        if (!SeedLegacyJob.hasContacts(ctx.source())) {
            System.err.println("[run] seeding the legacy tables from " + demo.resolve("legacy"));
            SeedLegacyJob.run(ctx.source(), demo);
        }
        SchemaMigrator.migrate(ctx.target(), SchemaMigrator.Location.CRM);
        ImportOutcome qozb =
                SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, demo.resolve("crm/qozb_properties.csv"));
        ImportOutcome familyOffice = SourceImportJob.run(
                ctx, SourceImportJob.Kind.FAMILY_OFFICE, demo.resolve("crm/family_office_contacts.csv"));
        AuditOutcome audit = AuditJob.run(ctx, demo.resolve("lists"), AuditJob.ALL);
        ImportOutcome contacts = ContactsImportJob.run(ctx);
        Path reportDir = ctx.config().reportsDir().resolve(runId);
        System.err.println("[run] follow-ups: " + String.join(", ", FollowupJob.STEPS));
        List<FollowupResult> followups = FollowupJob.all(ctx.target(), reportDir);
        System.err.println("[run] organization near-duplicate candidates");
        OrgCandidatesJob.Outcome orgs = OrgCandidatesJob.run(
                ctx,
                ORG_REVIEW_THRESHOLD,
                demo.resolve("org_near_duplicates_truth.csv"),
                reportDir.resolve("org_candidates.csv"));

        Map<String, Object> summary = new LinkedHashMap<>(audit.sections());
        summary.put("contacts_import_phases", Figures.contactsPhases(contacts));
        summary.put("before_migration", Figures.tableCounts(contacts.before()));
        summary.put("after_migration", Figures.tableCounts(contacts.after()));
        summary.put("source_imports", Figures.sourceImports(qozb, familyOffice));
        Map<String, Object> follow = new LinkedHashMap<>();
        followups.forEach(r -> follow.put(r.name(), r.figures()));
        follow.put("organization_near_duplicates", Figures.organizations(orgs));
        summary.put("followups", follow);
        List<Check> checks = new ArrayList<>();
        for (ImportOutcome out : List.of(qozb, familyOffice, contacts)) {
            out.checks().forEach(k -> checks.add(new Check(out.job() + ": " + k.name(), k.passed(), k.detail())));
        }
        return new RunOutcome(
                runId,
                demo,
                qozb,
                familyOffice,
                audit,
                contacts,
                List.copyOf(followups),
                orgs,
                summary,
                // expected.json describes the run that imports the data set: a run over a CRM that holds its
                // contacts already (a second run) finds them as overlaps and changes nothing; there is nothing to
                // compare.
                RunOutcome.changed(contacts) > 0 ? compareWithExpected(demo, summary) : List.of(),
                List.copyOf(checks));
    }

    /** On the demo data set: every computed figure that expected.json also holds, compared. */
    static List<Check> compareWithExpected(Path demo, Map<String, Object> summary) {
        Path file = demo.resolve("expected.json");
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode expected;
        try {
            expected = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw Errors.runtime("cannot read %s: %s", file, e.getMessage());
        }
        List<Check> out = new ArrayList<>();
        summary.forEach((section, figures) -> {
            if (figures instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    JsonNode e = expected.path(section).path(String.valueOf(k));
                    if (v instanceof Number n) {
                        double x = n.doubleValue();
                        if (e.isNumber()) {
                            out.add(new Check(
                                    section + "." + k, e.asDouble() == x, "expected " + e + ", computed " + v));
                        } else if (e.has("tolerance")) {
                            out.add(new Check(
                                    section + "." + k,
                                    Math.abs(e.get("value").asDouble() - x)
                                            <= e.get("tolerance").asDouble(),
                                    "expected " + e.get("value") + " ± " + e.get("tolerance") + ", computed " + v));
                        } else if (e.has("max")) {
                            out.add(new Check(
                                    section + "." + k,
                                    x <= e.get("max").asDouble(),
                                    "expected at most " + e.get("max") + ", computed " + v));
                        }
                    }
                });
            }
        });
        return out;
    }
}
