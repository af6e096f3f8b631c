package dev.crmmigrate.undo;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Faults;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.WriteSession;
import dev.crmmigrate.dedupe.PersonMerge;
import dev.crmmigrate.followup.OrgMerge;
import dev.crmmigrate.load.RunLog;
import dev.crmmigrate.stage.JobName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes back what one run wrote to the CRM, from the change log its load wrote ({@code migration_changes}), in one
 * transaction: the before-image of every row it updated is written back, then every row it inserted is deleted,
 * children before parents. A rolled-back run is marked {@code rolled_back} in {@code migration_runs}.
 *
 * <p>It refuses, and lists what and where, when a later change depends on what it would undo:
 *
 * <ul>
 *   <li>a later run that changed a row this run wrote, or inserted or updated a row that references one it inserted:
 *       another import, or a follow-up that backfilled a reference or added activities ({@code cascade} rolls those
 *       back first, newest first);
 *   <li>a row no run wrote (a signup, a hand-made row) that references a row this run inserted, found through the
 *       database's own foreign keys;
 *   <li>an edit since the run: a row it updated whose columns no longer hold what it wrote, or a row it inserted whose
 *       {@code updated_at} is later than the run;
 *   <li>an organization merge since the run, not undone, over an organization it inserted or linked ({@code cascade}
 *       undoes those merges first, newest first, in the same transaction; {@code force} does not go on over them).
 * </ul>
 *
 * {@code force} goes on over the second and third: a referenced or edited row the run inserted is kept (with the
 * links the run gave it), and an edited row it updated gets its before-image back; the outcome lists both. A row that
 * something still references is never deleted, so a foreign key's {@code ON DELETE CASCADE} never takes someone else's
 * row.
 * Nothing is written with {@code planOnly}.
 */
public final class Rollback {
    /** The schema step a cascade undoes with the contacts import: the legacy table back under its name. */
    static final String UNRETIRE = "retire-contacts undone: contacts_legacy renamed back to contacts";
    /** A cascade's undo of an organization merge over the run, followed by its merge id. */
    static final String MERGE_UNDONE = "orgs merge --undo ";
    /** A cascade's undo of a person merge over the run, followed by its merge id. */
    static final String PERSON_MERGE_UNDONE = "people merge --undo ";

    private final Database db;

    public Rollback(Database db) {
        this.db = db;
    }

    /** What one run's rollback takes back, per CRM table. */
    public record Step(String runId, String job, Map<String, Long> restored, Map<String, Long> deleted) {}

    /**
     * @param runs the runs rolled back (or that would be), newest first; the requested one last
     * @param schemaSteps the follow-ups' schema steps undone with them (or that would be)
     * @param blockers why it was refused; empty when it was not
     * @param forced what {@code --force} kept or overwrote
     */
    public record Outcome(
            String runId,
            List<Step> runs,
            List<String> schemaSteps,
            List<Finding> blockers,
            List<Finding> forced,
            boolean applied) {
        public boolean refused() {
            return !blockers.isEmpty();
        }
    }

    /**
     * The plan of a rollback: what it would undo and what stands in the way, found in its transaction.
     *
     * @param catalog the CRM schema as the rollback needs it
     * @param runs the runs to undo, newest first
     * @param orgMerges the organization merges over them that a cascade undoes first
     * @param personMerges the person merges over them that a cascade undoes first
     * @param unretire whether the legacy contacts table is renamed back
     * @param blockers what refuses the rollback whatever {@code --force} says
     */
    record Plan(
            Catalog catalog,
            List<RunLog.Run> runs,
            List<String> orgMerges,
            List<String> personMerges,
            boolean unretire,
            List<Finding> blockers) {}

    /** The rollback of {@code runId}; see the class comment for {@code cascade}, {@code force} and {@code planOnly}. */
    public Outcome execute(String runId, boolean cascade, boolean force, boolean planOnly) {
        try (Connection c = WriteSession.begin(db, "rollback")) {
            Plan plan = plan(c, runId, cascade);
            List<Finding> blockers = new ArrayList<>(plan.blockers());
            List<String> schemaSteps = new ArrayList<>();
            if (plan.unretire()) {
                schemaSteps.add(UNRETIRE);
            }
            // Undone before the checks below, which must see the rows as the merges found them; a refusal or --plan
            // rolls this back with everything else.
            for (String m : plan.personMerges()) {
                PersonMerge.undo(c, UUID.fromString(m));
                schemaSteps.add(PERSON_MERGE_UNDONE + m);
            }
            for (String m : plan.orgMerges()) {
                OrgMerge.undo(c, UUID.fromString(m));
                schemaSteps.add(MERGE_UNDONE + m);
            }
            List<Finding> soft = new ArrayList<>();
            for (RunLog.Run r : plan.runs()) {
                soft.addAll(Dependencies.references(c, plan.catalog(), r));
                soft.addAll(Dependencies.edits(c, plan.catalog(), r));
            }
            if (!force) {
                blockers.addAll(soft);
            }
            List<Step> steps = new ArrayList<>();
            if (!blockers.isEmpty() || planOnly) {
                for (RunLog.Run r : plan.runs()) {
                    steps.add(new Step(r.id(), r.job(), RunUndo.counts(c, r, "U"), RunUndo.counts(c, r, "I")));
                }
                c.rollback();
                return new Outcome(runId, steps, schemaSteps, blockers, force ? soft : List.of(), false);
            }
            for (RunLog.Run r : plan.runs()) {
                steps.add(RunUndo.undo(c, plan.catalog(), r, force));
            }
            if (plan.unretire()) {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE contacts_legacy RENAME TO contacts");
                }
            }
            Faults.point(Faults.Point.ROLLBACK_BEFORE_COMMIT);
            c.commit();
            return new Outcome(runId, steps, schemaSteps, List.of(), force ? soft : List.of(), true);
        } catch (SQLException e) {
            throw Errors.database("the rollback of run " + runId + " (rolled back, nothing changed)", db.safeUrl(), e);
        }
    }

    /** The runs to undo (with {@code cascade}, every later run that depends on the requested one) and the merges. */
    private static Plan plan(Connection c, String runId, boolean cascade) throws SQLException {
        Catalog catalog = Catalog.read(c);
        RunLog.Run target = RunLog.succeededRun(c, runId);
        List<Finding> blockers = new ArrayList<>();
        List<RunLog.Run> runs = Dependencies.runsToUndo(c, catalog, target, cascade, blockers);
        boolean unretire = false;
        if (runs.stream().anyMatch(r -> r.job().equals(JobName.IMPORT_CONTACTS.id()))
                && Dependencies.contactsRetired(c)) {
            if (cascade) {
                unretire = true;
            } else {
                blockers.add(new Finding(
                        Finding.Kind.LATER_RUN,
                        target.id(),
                        "contacts",
                        1,
                        List.of("retire-contacts (it renamed contacts to contacts_legacy once every contact was "
                                + "mapped)")));
            }
        }
        // A merge moved and deleted rows by its own log (organization_merges) and has its own exact undo: without it
        // the rollback could not restore the state before the run. --cascade undoes them first, newest first, in this
        // transaction; otherwise (--force included) they are refused.
        List<String> merges = new ArrayList<>();
        List<String> personMerges = new ArrayList<>();
        for (RunLog.Run r : runs) {
            collect(Dependencies.merges(c, r), cascade, merges, blockers);
            collect(Dependencies.personMerges(c, r), cascade, personMerges, blockers);
        }
        return new Plan(
                catalog,
                runs,
                merges.stream().distinct().toList(),
                personMerges.stream().distinct().toList(),
                unretire,
                blockers);
    }

    private static void collect(Optional<Finding> m, boolean cascade, List<String> undo, List<Finding> blockers) {
        if (m.isPresent() && cascade) {
            undo.addAll(m.get().examples());
        } else {
            m.ifPresent(blockers::add);
        }
    }
}
