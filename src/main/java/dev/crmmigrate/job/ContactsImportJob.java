package dev.crmmigrate.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.explain.Decisions;
import dev.crmmigrate.load.Preflight;
import dev.crmmigrate.report.MappingExport;
import dev.crmmigrate.resolve.Changes;
import dev.crmmigrate.resolve.ContactsResolver;
import dev.crmmigrate.resolve.CrmSnapshot;
import dev.crmmigrate.source.JdbcSource;
import dev.crmmigrate.spark.Progress;
import dev.crmmigrate.spark.ShufflePartitions;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.RunStore;
import dev.crmmigrate.stage.StagedTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code import contacts}: the legacy contacts table into the CRM, in the eight phases of the field report. Every
 * phase's output is a Delta table of the run; a resumed run reads them back instead of recomputing.
 */
public final class ContactsImportJob {
    public static final String JOB = "import_contacts";

    /** The CRM tables this import stages and loads (phases 3-8). */
    static final Set<StagedTable> TABLES = EnumSet.of(
            StagedTable.EMAILS,
            StagedTable.PHONES,
            StagedTable.ORGANIZATIONS,
            StagedTable.PEOPLE,
            StagedTable.PERSON_ENRICHMENT,
            StagedTable.PERSON_EMAILS,
            StagedTable.PERSON_PHONES,
            StagedTable.PERSON_ORGANIZATIONS,
            StagedTable.CONTACT_MAP);

    private ContactsImportJob() {}

    public static ImportOutcome run(JobContext ctx, String runId) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Progress progress = new Progress(JOB, 9);
        // The schema first: a CRM without a table or column the load writes fails here, in a second, not after the
        // Spark phases (five minutes at scale 100). The load checks again, for a schema changed in between.
        Preflight.check(ctx.target(), TABLES);
        RunStore store = RunStore.open(ctx.spark(), ctx.config().runsDir(), JOB, runId);
        if (store.resumed()) {
            progress.note("resuming run " + store.runId() + " from its staged phases");
        }
        boolean create = ctx.config().rules().contactsWithoutEmail() == Rules.WithoutEmail.CREATE;
        ContactsResolver resolver = new ContactsResolver(
                ctx.config().rules().phoneRegion(), ctx.config().rules().leadStatusScale());
        CrmSnapshot crm = new CrmSnapshot(ctx.spark(), ctx.target());
        Map<String, Long> phases = new LinkedHashMap<>();

        progress.begin("phase 1: fetch contacts (partitioned JDBC read)");
        Dataset<Row> contacts =
                store.stage("p1_contacts", () -> JdbcSource.read(ctx.spark(), ctx.source(), "contacts", "id"));
        long fetched = store.rows("p1_contacts");
        phases.put(Figure.FETCHED_CONTACTS, fetched);
        progress.done("contacts", fetched);
        // Sized to the input for the rest of the import (the configured count again when it ends).
        try (ShufflePartitions sized = ShufflePartitions.sizedTo(ctx.spark(), fetched)) {

            progress.begin("phase 2: normalize, first-wins, collect unique entities");
            Dataset<Row> normalized = store.stage("p2_normalized", () -> resolver.normalize(contacts));
            store.write("rejects", () -> ContactsResolver.rejects(normalized));
            store.write("repairs", () -> ContactsResolver.repairs(normalized));
            store.write(
                    "without_email",
                    () -> ContactsResolver.withoutEmail(normalized)
                            .select(
                                    col("id").as("contact_id"),
                                    lit(create
                                                    ? ContactsResolver.CREATED_WITHOUT_EMAIL
                                                    : ContactsResolver.SKIPPED_WITHOUT_EMAIL)
                                            .as("rule")));
            // A skipped contact leaves nothing behind: organizations and phones come only from the contacts that
            // migrate.
            Dataset<Row> migrating = ContactsResolver.migrating(normalized, create);
            Dataset<Row> orgs = store.stage("p2_crm_organizations", crm::organizations);
            phases.put(
                    Figure.NEW_ORGANIZATION_NAMES,
                    ContactsResolver.newCompanyNames(migrating, orgs).count());
            // The rejected fields, not the distinct emails: that count is a figure anyway (a job of its own only for
            // this
            // line cost a shuffle of every contact); the distinct emails are counted in phase 4, one row each.
            long rejectedFields = store.rows("rejects");
            progress.done("rejected fields", rejectedFields);

            progress.begin("phase 3: plan entity upserts (emails with sticky statuses, phones, organizations)");
            Map<StagedTable, Dataset<Row>> plan = new EnumMap<>(StagedTable.class);
            plan.put(StagedTable.EMAILS, ContactsResolver.emails(normalized));
            plan.put(StagedTable.PHONES, ContactsResolver.phones(migrating));
            plan.put(StagedTable.ORGANIZATIONS, ContactsResolver.organizations(migrating));

            progress.begin("phase 4: resolve people (email = same person)");
            Dataset<Row> resolution =
                    store.stage("p4_resolution", () -> ContactsResolver.resolve(normalized, crm.personEmails()));
            // Staged once: phases 5-8 derive six tables from it; unstaged, each of them joined every contact again.
            Dataset<Row> withPerson =
                    store.stage("p4_with_person", () -> ContactsResolver.withPerson(normalized, resolution, create));
            long noEmail = store.rows("without_email");
            phases.put(
                    Figure.PEOPLE_TO_CREATE,
                    resolution.where(col("existing").equalTo(false)).count() + (create ? noEmail : 0));
            phases.put(
                    Figure.PEOPLE_TO_ENRICH,
                    resolution
                            .where(col("existing"))
                            .select("person_id")
                            .distinct()
                            .count());
            phases.put(
                    Figure.AMBIGUOUS_EMAILS,
                    resolution.where(col("candidates").gt(1)).count());
            progress.done("people to create", phases.get(Figure.PEOPLE_TO_CREATE));

            progress.begin("phase 5-6: new people, enrichment of existing people");
            plan.put(StagedTable.PEOPLE, resolver.newPeople(withPerson));
            plan.put(StagedTable.PERSON_ENRICHMENT, resolver.enrichment(withPerson));

            progress.begin("phase 7-8: junction records, contact -> person mapping");
            plan.put(StagedTable.PERSON_EMAILS, ContactsResolver.personEmails(withPerson));
            plan.put(StagedTable.PERSON_PHONES, ContactsResolver.personPhones(withPerson));
            plan.put(StagedTable.PERSON_ORGANIZATIONS, ContactsResolver.personOrganizations(withPerson));
            plan.put(StagedTable.CONTACT_MAP, ContactsResolver.mapping(withPerson));
            // Only what changes the CRM is staged: a re-run stages (and so loads) nothing for what the first run wrote.
            List<String> scale = ctx.config().rules().leadStatusScale();
            plan.replaceAll((t, ds) -> Changes.of(t, ds, crm, scale));
            if (!TABLES.equals(plan.keySet())) {
                throw new IllegalStateException("TABLES must list the staged tables " + plan.keySet());
            }
            Map<StagedTable, Dataset<Row>> staged = ImportRunner.stage(store, plan);
            progress.done("new mappings staged", store.rows(StagedTable.CONTACT_MAP.stageName()));

            // Every contact with a usable email is mapped (phase 8). One without is a rule that fired (skipped, or
            // created
            // as a person of its own), not bad input: it never counts toward max_reject_ratio. No contact is rejected
            // whole: a bad field rejects that field only.
            long skipped = create ? 0 : noEmail;
            phases.put(Figure.SKIPPED_NO_EMAIL, skipped);
            phases.put(Figure.CREATED_WITHOUT_EMAIL, create ? noEmail : 0);
            phases.put(Figure.REJECTED_CONTACTS, 0L);
            phases.put(Figure.REJECTED_FIELDS, rejectedFields);
            phases.put(Figure.REPAIRED_FIELDS, store.rows("repairs"));
            ImportOutcome out =
                    ImportRunner.finish(ctx, store, progress, JOB, started, fetched, 0, skipped, staged, true, phases);
            Map<String, Long> figures = new LinkedHashMap<>(out.phases());
            figures.putAll(out.actual());
            out = out.withDecisions(Decisions.of(ctx.spark(), ctx.target(), out.runId(), store.dir(), figures));
            return SourceImportJob.withSeconds(out, t0);
        }
    }

    /** Writes the saved contact → person mapping of a contacts import as the field report's JSON beside its report. */
    public static void exportMapping(JobContext ctx, ImportOutcome o) {
        Path run = ctx.config().runsDir().resolve(o.runId());
        long n = MappingExport.write(
                ctx.spark()
                        .read()
                        .format("delta")
                        .load(run.resolve("stg_contact_map").toString()),
                ctx.config().reportsDir().resolve(o.runId()).resolve("contacts_to_people_mapping.json"));
        System.err.printf("[%s]   contacts_to_people_mapping.json: %,d mappings%n", o.job(), n);
    }
}
