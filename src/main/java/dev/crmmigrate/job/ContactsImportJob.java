package dev.crmmigrate.job;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.explain.Decisions;
import dev.crmmigrate.load.Preflight;
import dev.crmmigrate.resolve.ContactsPlan;
import dev.crmmigrate.resolve.ContactsResolver;
import dev.crmmigrate.resolve.CrmSnapshot;
import dev.crmmigrate.resolve.PlannedCounts;
import dev.crmmigrate.source.JdbcSource;
import dev.crmmigrate.spark.JobTimings;
import dev.crmmigrate.spark.Progress;
import dev.crmmigrate.spark.ShufflePartitions;
import dev.crmmigrate.stage.ChangePlan;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.JobName;
import dev.crmmigrate.stage.MappingExport;
import dev.crmmigrate.stage.Phase;
import dev.crmmigrate.stage.RunStore;
import dev.crmmigrate.stage.StagedTable;
import java.time.Instant;
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
    public static final String JOB = JobName.IMPORT_CONTACTS.id();

    /** The CRM tables this import stages and loads (phases 3-8). */
    static final Set<StagedTable> TABLES = ContactsPlan.TABLES;

    /** The saved contact → person mapping, in the run's report folder. */
    public static final String MAPPING_FILE = "contacts_to_people_mapping.json";

    private ContactsImportJob() {}

    /** A new run of the import. */
    public static ImportOutcome run(JobContext ctx) {
        return run(ctx, null);
    }

    /**
     * @param runId the run to resume (or to start under this id); null: a new run
     */
    public static ImportOutcome run(JobContext ctx, String runId) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        long jobs0 = JobTimings.jobsSoFar();
        Progress progress = new Progress(JOB, 5);
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
        // Sized to the table's estimated rows for the whole import (the configured count again when it ends).
        try (ShufflePartitions sized =
                ShufflePartitions.sizedTo(ctx.spark(), JdbcSource.estimatedRows(ctx.source(), "contacts"))) {

            progress.begin("phases 1-4: fetch, normalize, first-wins, resolve people (email = same person)");
            RunStore.Observed contacts = store.stageObserved(
                    Phase.CONTACTS,
                    () -> ContactsResolver.resolved(
                            resolver.normalize(JdbcSource.read(ctx.spark(), ctx.source(), "contacts", "id")),
                            crm.personEmails(),
                            crm.organizations(),
                            create),
                    ContactsResolver.figures(create));
            long fetched = contacts.figure(Figure.FETCHED_CONTACTS);
            long noEmail = contacts.figure(ContactsResolver.NO_EMAIL);
            long rejectedFields = contacts.figure(Figure.REJECTED_FIELDS);
            long repairedFields = contacts.figure(Figure.REPAIRED_FIELDS);
            progress.done("contacts", fetched);
            // The rejects table is written only when a field was rejected or repaired: a clean import pays no Delta
            // write for an empty table (explain reads a missing one as "nothing rejected").
            if (rejectedFields > 0) {
                store.write(Phase.REJECTS, () -> ContactsResolver.rejects(contacts.table()));
            }
            if (repairedFields > 0) {
                store.write(Phase.REPAIRS, () -> ContactsResolver.repairs(contacts.table()));
            }

            // A small import reads its staged contacts and its plan once into memory for everything after them.
            Dataset<Row> resolved = ShufflePartitions.readOnce(contacts.table(), fetched);
            ChangePlan.Staged plan = null;
            try {
                progress.begin(
                        "phases 5-8: plan emails, phones, organizations, people, enrichment, junctions, mapping");
                List<String> scale = ctx.config().rules().leadStatusScale();
                plan = ImportRunner.forLoad(
                        store.stagePlan(TABLES, () -> ContactsPlan.of(resolved, crm, scale, create)), fetched);
                progress.done("new mappings staged", plan.rows().get(StagedTable.CONTACT_MAP));

                Map<String, Long> phases = new LinkedHashMap<>();
                phases.put(Figure.FETCHED_CONTACTS, fetched);
                for (String f : List.of(
                        Figure.NEW_ORGANIZATION_NAMES,
                        Figure.PEOPLE_TO_CREATE,
                        Figure.PEOPLE_TO_ENRICH,
                        Figure.AMBIGUOUS_EMAILS)) {
                    phases.put(f, contacts.figure(f));
                }
                // Every contact with a usable email is mapped (phase 8). One without is a rule that fired (skipped, or
                // created as a person of its own), not bad input: it never counts toward max_reject_ratio. No contact
                // is rejected whole: a bad field rejects that field only.
                long skipped = create ? 0 : noEmail;
                phases.put(Figure.SKIPPED_NO_EMAIL, skipped);
                phases.put(Figure.CREATED_WITHOUT_EMAIL, create ? noEmail : 0);
                phases.put(Figure.REJECTED_CONTACTS, 0L);
                phases.put(Figure.REJECTED_FIELDS, rejectedFields);
                phases.put(Figure.REPAIRED_FIELDS, repairedFields);
                ImportOutcome loaded = ImportRunner.finish(
                        ctx, store, progress, JOB, started, fetched, 0, skipped, plan, PlannedCounts.of(plan), phases);
                List<Decisions.Decision> decisions =
                        Decisions.of(ctx.target(), loaded.runId(), resolved, loaded.figures());
                // The saved mapping is part of the import's result, written beside its report by the import itself.
                exportMapping(
                        ctx,
                        loaded.runId(),
                        plan.tables().get(StagedTable.CONTACT_MAP),
                        plan.rows().get(StagedTable.CONTACT_MAP));
                progress.note(String.format("%d Spark jobs", JobTimings.jobsSoFar() - jobs0));
                return loaded.completed(t0, decisions);
            } finally {
                if (plan != null) {
                    plan.unpersist();
                }
                resolved.unpersist();
            }
        }
    }

    /** Writes the saved contact → person mapping of a contacts import (the field report's JSON) beside its report. */
    private static void exportMapping(JobContext ctx, String runId, Dataset<Row> mapping, long rows) {
        long n = MappingExport.write(
                mapping, rows, ctx.config().reportsDir().resolve(runId).resolve(MAPPING_FILE));
        System.err.printf("[%s]   %s: %,d mappings%n", JOB, MAPPING_FILE, n);
    }
}
