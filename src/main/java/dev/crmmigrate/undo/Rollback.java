package dev.crmmigrate.undo;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Faults;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.dedupe.PersonMerge;
import dev.crmmigrate.followup.LoggedTable;
import dev.crmmigrate.followup.OrgMerge;
import dev.crmmigrate.load.ChangeLog;
import dev.crmmigrate.load.NamedSql;
import dev.crmmigrate.stage.StagedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    /** Examples listed per finding kind and table; the counts are always complete. */
    static final int EXAMPLES = 10;

    /** The job whose rows the retire-contacts follow-up relies on. */
    static final String CONTACTS_IMPORT = "import_contacts";
    /** The schema step a cascade undoes with the contacts import: the legacy table back under its name. */
    static final String UNRETIRE = "retire-contacts undone: contacts_legacy renamed back to contacts";
    /** A cascade's undo of an organization merge over the run, followed by its merge id. */
    static final String MERGE_UNDONE = "orgs merge --undo ";

    static final String PERSON_MERGE_UNDONE = "people merge --undo ";

    private final Database db;

    public Rollback(Database db) {
        this.db = db;
    }

    /** One thing that blocks a rollback, or that {@code --force} kept or overwrote. */
    public record Finding(Kind kind, String run, String table, long rows, List<String> examples) {
        public enum Kind {
            /** A later run changed or references rows of this one. */
            LATER_RUN,
            /** Rows no run wrote reference rows this run inserted. */
            REFERENCED,
            /** Rows this run wrote were changed since. */
            EDITED,
            /** A later organization merge (not undone) involves an organization this run inserted or linked. */
            MERGED
        }

        public String describe() {
            return switch (kind) {
                case LATER_RUN ->
                    "later run " + examples.get(0) + " changed or references " + rows + " row(s) of " + table
                            + " that run " + run + " wrote";
                case REFERENCED ->
                    rows + " row(s) of " + table + " that no run wrote reference rows run " + run + " inserted, e.g. "
                            + String.join(", ", examples);
                case EDITED ->
                    rows + " row(s) of " + table + " that run " + run + " wrote were changed since, e.g. "
                            + String.join(", ", examples);
                case MERGED ->
                    table.equals("people")
                            ? rows + " later person merge(s) involve people that run " + run + " inserted, enriched "
                                    + "or linked; --cascade undoes them first (or crm-migrate people merge --undo "
                                    + "MERGE_ID): " + String.join(", ", examples)
                            : rows + " later organization merge(s) involve organizations that run " + run
                                    + " inserted or linked; --cascade undoes them first (or crm-migrate orgs merge "
                                    + "--undo MERGE_ID): " + String.join(", ", examples);
            };
        }
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

    private record Run(String id, String job, Timestamp finished) {}

    /** The rollback of {@code runId}; see the class comment for {@code cascade}, {@code force} and {@code planOnly}. */
    public Outcome execute(String runId, boolean cascade, boolean force, boolean planOnly) {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET application_name = 'crm-migrate rollback'");
                // The same lock as a load: no import writes while a rollback reads and undoes.
                st.execute("SELECT pg_advisory_xact_lock(hashtext('crm-migrate-load'))");
                // Images are compared as text: the same time zone as the load that wrote them.
                st.execute("SET LOCAL TimeZone = 'UTC'");
                st.execute("SET LOCAL work_mem = '256MB'");
            }
            Catalog catalog = Catalog.read(c);
            Run target = run(c, runId);
            List<Finding> blockers = new ArrayList<>();
            List<Run> runs = runsToUndo(c, catalog, target, cascade, blockers);
            List<String> schemaSteps = new ArrayList<>();
            if (runs.stream().anyMatch(r -> r.job().equals(CONTACTS_IMPORT)) && contactsRetired(c)) {
                if (cascade) {
                    schemaSteps.add(UNRETIRE);
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
            // A merge moved and deleted rows by its own log (organization_merges) and has its own exact undo: without
            // it the rollback could not restore the state before the run. --cascade undoes them first, newest first,
            // in this transaction; otherwise (--force included) they are refused.
            List<String> merges = new ArrayList<>();
            List<String> personMerges = new ArrayList<>();
            for (Run r : runs) {
                Optional<Finding> m = merges(c, r);
                if (m.isPresent() && cascade) {
                    merges.addAll(m.get().examples());
                } else {
                    m.ifPresent(blockers::add);
                }
                Optional<Finding> pm = personMerges(c, r);
                if (pm.isPresent() && cascade) {
                    personMerges.addAll(pm.get().examples());
                } else {
                    pm.ifPresent(blockers::add);
                }
            }
            // Undone before the checks below, which must see the rows as the merges found them; a refusal or --plan
            // rolls this back with everything else.
            for (String m : personMerges.stream().distinct().toList()) {
                PersonMerge.undo(c, UUID.fromString(m));
                schemaSteps.add(PERSON_MERGE_UNDONE + m);
            }
            for (String m : merges.stream().distinct().toList()) {
                OrgMerge.undo(c, UUID.fromString(m));
                schemaSteps.add(MERGE_UNDONE + m);
            }
            List<Finding> soft = new ArrayList<>();
            for (Run r : runs) {
                soft.addAll(references(c, catalog, r));
                soft.addAll(edits(c, catalog, r));
            }
            if (!force) {
                blockers.addAll(soft);
            }
            List<Step> steps = new ArrayList<>();
            if (!blockers.isEmpty() || planOnly) {
                for (Run r : runs) {
                    steps.add(new Step(r.id(), r.job(), counts(c, r, "U"), counts(c, r, "I")));
                }
                c.rollback();
                return new Outcome(runId, steps, schemaSteps, blockers, force ? soft : List.of(), false);
            }
            for (Run r : runs) {
                steps.add(undo(c, catalog, r, force));
            }
            if (schemaSteps.contains(UNRETIRE)) {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE contacts_legacy RENAME TO contacts");
                }
            }
            Faults.point("rollback:before-commit");
            c.commit();
            return new Outcome(runId, steps, schemaSteps, List.of(), force ? soft : List.of(), true);
        } catch (SQLException e) {
            throw Errors.database("the rollback of run " + runId + " (rolled back, nothing changed)", db.safeUrl(), e);
        }
    }

    /**
     * True when retire-contacts renamed the legacy table: once the contacts import is taken back, the legacy table is
     * again the only home of those contacts, so it must be live.
     */
    private static boolean contactsRetired(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT to_regclass('contacts_legacy') IS NOT NULL " + "AND to_regclass('contacts') IS NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Person merges done after {@code r} and not undone whose kept or merged person {@code r} inserted, enriched or
     * linked (people candidates, approved in a review file), newest first.
     */
    private static Optional<Finding> personMerges(Connection c, Run r) throws SQLException {
        return merges(
                c,
                r,
                "person_merges",
                "people",
                "x.table_name IN ('people', 'person_emails', 'person_phones', 'person_organizations') "
                        + "AND x.key1 IN (m.kept_id, m.merged_id)");
    }

    /** Merges done after {@code r} and not undone whose kept or merged organization {@code r} inserted or linked. */
    private static Optional<Finding> merges(Connection c, Run r) throws SQLException {
        return merges(
                c,
                r,
                "organization_merges",
                "organizations",
                "((x.table_name = 'organizations' AND x.key1 IN (m.kept_id, m.merged_id)) OR "
                        + "(x.table_name = 'person_organizations' AND x.key2 IN (m.kept_id, m.merged_id)))");
    }

    /**
     * The merges of a merge log ({@code m}) done after {@code r} and not undone, that a change of {@code r} in the
     * change log ({@code x}) touches as {@code touches} says, newest first.
     */
    private static Optional<Finding> merges(Connection c, Run r, String log, String table, String touches)
            throws SQLException {
        if (!exists(c, log)) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT m.merge_id::text FROM " + log + " m WHERE "
                + "m.undone_at IS NULL AND m.merged_at >= ? AND EXISTS (SELECT 1 FROM " + ChangeLog.TABLE
                + " x WHERE x.run_id = ? AND " + touches + ") ORDER BY m.merged_at DESC, m.merge_id")) {
            ps.setTimestamp(1, r.finished());
            ps.setString(2, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids.isEmpty()
                ? Optional.empty()
                : Optional.of(new Finding(Finding.Kind.MERGED, r.id(), table, ids.size(), List.copyOf(ids)));
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Run run(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT job, status, finished_at, rolled_back_at FROM migration_runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Errors.check(
                            "no run %s in migration_runs; `crm-migrate verify` lists the newest run of each job",
                            runId);
                }
                if (!"succeeded".equals(rs.getString(2))) {
                    throw Errors.check(
                            "run %s is %s%s: only a succeeded run can be rolled back",
                            runId,
                            rs.getString(2),
                            rs.getTimestamp(4) == null
                                    ? ""
                                    : " (at " + rs.getTimestamp(4).toInstant() + ")");
                }
                return new Run(runId, rs.getString(1), rs.getTimestamp(3));
            }
        }
    }

    /** The requested run and, with {@code cascade}, every later run that depends on it, newest first. */
    private static List<Run> runsToUndo(
            Connection c, Catalog catalog, Run target, boolean cascade, List<Finding> blockers) throws SQLException {
        Map<String, Run> found = new LinkedHashMap<>();
        found.put(target.id(), target);
        List<Run> todo = new ArrayList<>(List.of(target));
        while (!todo.isEmpty()) {
            Run r = todo.remove(0);
            for (Map.Entry<Run, Map<String, Long>> later :
                    laterRuns(c, catalog, r).entrySet()) {
                Run l = later.getKey();
                if (cascade) {
                    if (found.putIfAbsent(l.id(), l) == null) {
                        todo.add(l);
                    }
                } else {
                    later.getValue()
                            .forEach((table, rows) -> blockers.add(new Finding(
                                    Finding.Kind.LATER_RUN,
                                    r.id(),
                                    table,
                                    rows,
                                    List.of(l.id() + " (" + l.job() + ")"))));
                }
            }
        }
        List<Run> out = new ArrayList<>(found.values());
        out.sort((a, b) -> b.finished().compareTo(a.finished()) != 0
                ? b.finished().compareTo(a.finished())
                : b.id().compareTo(a.id()));
        return out;
    }

    /**
     * Later succeeded runs that changed a row {@code r} wrote, or inserted or updated a row that references one it
     * inserted (a follow-up's backfill, say).
     */
    private static Map<Run, Map<String, Long>> laterRuns(Connection c, Catalog catalog, Run r) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT lr.run_id, lr.job, lr.finished_at, x.table_name, count(*) FROM (")
                .append("SELECT l.run_id, c.table_name FROM migration_changes c JOIN migration_changes l ")
                .append("ON l.table_name = c.table_name AND l.key1 = c.key1 AND l.key2 IS NOT DISTINCT FROM c.key2 ")
                .append("AND l.run_id <> c.run_id WHERE c.run_id = :run");
        for (Catalog.ForeignKey fk : catalog.references()) {
            List<String> key = catalog.rowKeys().get(fk.table());
            if (key == null) {
                continue;
            }
            sql.append(" UNION ALL SELECT l.run_id, '")
                    .append(fk.referenced())
                    .append("' FROM migration_changes c JOIN ")
                    .append(fk.sqlTable())
                    .append(" x ON x.")
                    .append(fk.column())
                    .append(" = c.key1 JOIN migration_changes l ON l.table_name = '")
                    .append(fk.tableInLiteral())
                    .append("' AND l.key1 = x.")
                    .append(key.get(0));
            if (key.size() > 1) {
                sql.append(" AND l.key2 = x.").append(key.get(1));
            }
            sql.append(" AND l.run_id <> c.run_id WHERE c.run_id = :run AND c.op = 'I' AND c.table_name = '")
                    .append(fk.referenced())
                    .append("'");
        }
        sql.append(") x JOIN migration_runs lr ON lr.run_id = x.run_id AND lr.status = 'succeeded' ")
                .append("AND (lr.finished_at, lr.run_id) > (:finished, :run) ")
                .append("GROUP BY lr.run_id, lr.job, lr.finished_at, x.table_name");
        Map<Run, Map<String, Long>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, sql.toString(), r)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(
                                    new Run(rs.getString(1), rs.getString(2), rs.getTimestamp(3)),
                                    k -> new LinkedHashMap<>())
                            .put(rs.getString(4), rs.getLong(5));
                }
            }
        }
        return out;
    }

    /** Rows no succeeded run inserted or updated that reference rows {@code r} inserted. */
    private static List<Finding> references(Connection c, Catalog catalog, Run r) throws SQLException {
        List<Finding> out = new ArrayList<>();
        for (Catalog.ForeignKey fk : catalog.references()) {
            List<String> key = catalog.rowKeys().get(fk.table());
            String notLogged = "";
            if (key != null) {
                notLogged = " AND NOT EXISTS (SELECT 1 FROM migration_changes l JOIN migration_runs lr ON lr.run_id = "
                        + "l.run_id AND lr.status = 'succeeded' WHERE l.table_name = '" + fk.tableInLiteral()
                        + "' AND l.key1 = x." + key.get(0)
                        + (key.size() > 1 ? " AND l.key2 = x." + key.get(1) : "") + ")";
            }
            String sql =
                    "SELECT x." + fk.column() + "::text FROM migration_changes c JOIN " + fk.sqlTable() + " x ON x."
                            + fk.column() + " = c.key1 WHERE c.run_id = :run AND c.op = 'I' AND c.table_name = '"
                            + fk.referenced() + "'" + notLogged;
            Finding f = finding(c, r, Finding.Kind.REFERENCED, fk.table() + "." + fk.column(), sql, fk.column());
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Rows {@code r} updated whose written columns no longer hold what it wrote, and rows it inserted whose
     * updated_at is later than the run, leaving out what a later succeeded run changed (a dependency of its own).
     */
    private static List<Finding> edits(Connection c, Catalog catalog, Run r) throws SQLException {
        List<Finding> out = new ArrayList<>();
        String laterRun = " AND NOT EXISTS (SELECT 1 FROM migration_changes l JOIN migration_runs lr ON lr.run_id = "
                + "l.run_id AND lr.status = 'succeeded' AND (lr.finished_at, lr.run_id) > (:finished, :run) "
                + "WHERE l.table_name = c.table_name AND l.key1 = c.key1 AND l.key2 IS NOT DISTINCT FROM c.key2)";
        for (Map.Entry<String, Set<String>> t : catalog.updatedColumns().entrySet()) {
            String table = t.getKey();
            String sql = "SELECT x." + catalog.rowKeys().get(table).get(0) + "::text FROM migration_changes c JOIN "
                    + table + " x ON " + join(catalog, table) + " WHERE c.run_id = :run AND c.op = 'U' AND "
                    + "c.table_name = '" + table + "' AND " + ChangeLog.image(List.copyOf(t.getValue()), "x")
                    + " <> c.after" + laterRun;
            Finding f = finding(c, r, Finding.Kind.EDITED, table, sql, "id");
            if (f != null) {
                out.add(f);
            }
        }
        for (String table : catalog.withUpdatedAt()) {
            String sql = "SELECT x." + catalog.rowKeys().get(table).get(0) + "::text FROM migration_changes c JOIN "
                    + table + " x ON " + join(catalog, table) + " WHERE c.run_id = :run AND c.op = 'I' AND "
                    + "c.table_name = '" + table + "' AND x.updated_at > :finished" + laterRun;
            Finding f = finding(c, r, Finding.Kind.EDITED, table, sql, "id");
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static Finding finding(Connection c, Run r, Finding.Kind kind, String table, String select, String what)
            throws SQLException {
        String sql = "SELECT count(*), (array_agg(k ORDER BY k))[1:" + EXAMPLES + "] FROM (" + select + ") s(k)";
        try (PreparedStatement ps = prepare(c, sql, r);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            if (n == 0) {
                return null;
            }
            List<String> examples = new ArrayList<>();
            for (Object o : (Object[]) rs.getArray(2).getArray()) {
                examples.add(what + " " + o);
            }
            return new Finding(kind, r.id(), table, n, examples);
        }
    }

    /** How many rows of each table a run inserted ({@code I}) or updated ({@code U}). */
    private static Map<String, Long> counts(Connection c, Run r, String op) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, count(*) FROM migration_changes "
                + "WHERE run_id = ? AND op = ? GROUP BY table_name ORDER BY table_name")) {
            ps.setString(1, r.id());
            ps.setString(2, op);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Undoes one run: before-images back, then its inserted rows deleted, children first. */
    private static Step undo(Connection c, Catalog catalog, Run r, boolean force) throws SQLException {
        Map<String, Long> restored = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> t : catalog.updatedColumns().entrySet()) {
            String table = t.getKey();
            StringBuilder set = new StringBuilder();
            for (String col : t.getValue()) {
                set.append(set.isEmpty() ? "" : ", ")
                        .append(col)
                        .append(" = CASE WHEN jsonb_exists(c.before, '")
                        .append(col)
                        .append("') THEN b.")
                        .append(col)
                        .append(" ELSE x.")
                        .append(col)
                        .append(" END");
            }
            String sql = "UPDATE " + table + " x SET " + set + " FROM migration_changes c CROSS JOIN LATERAL "
                    + "jsonb_populate_record(NULL::" + table + ", c.before) b WHERE c.run_id = :run AND c.op = 'U' "
                    + "AND c.table_name = '" + table + "' AND " + join(catalog, table);
            try (PreparedStatement ps = prepare(c, sql, r)) {
                long n = ps.executeUpdate();
                if (n > 0) {
                    restored.put(table, n);
                }
            }
        }
        String kept = "";
        if (force) {
            // The people kept (edited since, or referenced by a row no run wrote) keep the links the run gave them.
            try (PreparedStatement ps = prepare(
                    c, "CREATE TEMP TABLE IF NOT EXISTS crm_migrate_kept (id uuid PRIMARY KEY) ON COMMIT DROP", r)) {
                ps.execute();
            }
            try (PreparedStatement ps = prepare(
                    c,
                    "INSERT INTO crm_migrate_kept SELECT c.key1 FROM migration_changes c JOIN people x ON x.id = "
                            + "c.key1 WHERE c.run_id = :run AND c.op = 'I' AND c.table_name = 'people' AND "
                            + "(x.updated_at > :finished" + externalReference(catalog, "people") + ") "
                            + "ON CONFLICT DO NOTHING",
                    r)) {
                ps.executeUpdate();
            }
            kept = " AND NOT EXISTS (SELECT 1 FROM crm_migrate_kept k WHERE k.id = x.%s)";
        }
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (String table : catalog.deleteOrder()) {
            List<String> key = catalog.rowKeys().get(table);
            StringBuilder sql = new StringBuilder("DELETE FROM " + table + " x USING migration_changes c WHERE ")
                    .append("c.run_id = :run AND c.op = 'I' AND c.table_name = '")
                    .append(table)
                    .append("' AND ")
                    .append(join(catalog, table));
            // Never a row something still references: no ON DELETE CASCADE may take a row the run did not write.
            for (Catalog.ForeignKey fk : catalog.references()) {
                if (fk.referenced().equals(table)) {
                    sql.append(" AND NOT EXISTS (SELECT 1 FROM ")
                            .append(fk.sqlTable())
                            .append(" y WHERE y.")
                            .append(fk.column())
                            .append(" = x.")
                            .append(key.get(0))
                            .append(")");
                }
            }
            if (force) {
                if (catalog.withUpdatedAt().contains(table)) {
                    sql.append(" AND NOT x.updated_at > :finished");
                }
                String personColumn = table.equals("people") ? "id" : catalog.personColumn(table);
                if (personColumn != null) {
                    sql.append(String.format(kept, personColumn));
                }
            }
            try (PreparedStatement ps = prepare(c, sql.toString(), r)) {
                long n = ps.executeUpdate();
                if (n > 0) {
                    deleted.put(table, n);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE migration_runs SET status = 'rolled_back', rolled_back_at = now() WHERE run_id = ?")) {
            ps.setString(1, r.id());
            ps.executeUpdate();
        }
        return new Step(r.id(), r.job(), restored, deleted);
    }

    /** " OR EXISTS (a row no run wrote that references x)" for each foreign key into {@code table}. */
    private static String externalReference(Catalog catalog, String table) {
        StringBuilder out = new StringBuilder();
        for (Catalog.ForeignKey fk : catalog.references()) {
            if (!fk.referenced().equals(table)) {
                continue;
            }
            List<String> key = catalog.rowKeys().get(fk.table());
            out.append(" OR EXISTS (SELECT 1 FROM ")
                    .append(fk.sqlTable())
                    .append(" y WHERE y.")
                    .append(fk.column())
                    .append(" = x.id");
            if (key != null) {
                out.append(" AND NOT EXISTS (SELECT 1 FROM migration_changes l WHERE l.table_name = '")
                        .append(fk.tableInLiteral())
                        .append("' AND l.key1 = y.")
                        .append(key.get(0));
                if (key.size() > 1) {
                    out.append(" AND l.key2 = y.").append(key.get(1));
                }
                out.append(")");
            }
            out.append(")");
        }
        return out.toString();
    }

    private static String join(Catalog catalog, String table) {
        List<String> key = catalog.rowKeys().get(table);
        return "x." + key.get(0) + " = c.key1" + (key.size() > 1 ? " AND x." + key.get(1) + " = c.key2" : "");
    }

    /**
     * The statement with {@code :run} bound to the run's id, through the loader's {@link NamedSql}. {@code :finished}
     * (the run's finished_at) is read in the database, not bound from Java: no time zone or precision changes it.
     */
    private static PreparedStatement prepare(Connection c, String sql, Run r) throws SQLException {
        NamedSql named = NamedSql.parse(
                sql.replace(":finished", "(SELECT finished_at FROM migration_runs WHERE run_id = :run)"));
        PreparedStatement ps = c.prepareStatement(named.jdbc());
        named.bind(ps, Map.of("run", r.id()));
        return ps;
    }

    /** What the rollback needs to know about the CRM schema: the logged tables' keys and the foreign keys into them. */
    record Catalog(
            Map<String, List<String>> rowKeys,
            Map<String, Set<String>> updatedColumns,
            Set<String> withUpdatedAt,
            List<ForeignKey> references,
            List<String> deleteOrder) {
        /** {@code table.column} references {@code referenced}'s single-column primary key. */
        /**
         * A single-column foreign key into one of the run's tables.
         *
         * @param table      the referencing table's name as the change log names it (schema-qualified, unquoted,
         *                   outside the CRM's schema); any text a database object may be called
         * @param sqlTable   the same, each part double-quoted for SQL
         * @param column     the referencing column, double-quoted for SQL
         * @param referenced the CRM table it references
         */
        record ForeignKey(String table, String sqlTable, String column, String referenced) {
            /** The table's name inside a single-quoted SQL literal (quotes doubled). */
            String tableInLiteral() {
                return table.replace("'", "''");
            }
        }

        String personColumn(String table) {
            for (ForeignKey fk : references) {
                if (fk.table().equals(table) && fk.referenced().equals("people")) {
                    return fk.column();
                }
            }
            return null;
        }

        static Catalog read(Connection c) throws SQLException {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            Map<String, Set<String>> updated = new LinkedHashMap<>();
            for (StagedTable t : StagedTable.values()) {
                keys.putIfAbsent(t.target, t.rowKey);
                for (StagedTable.Statement s : t.statements) {
                    if (s.isUpdate()) {
                        updated.computeIfAbsent(t.target, k -> new TreeSet<>()).addAll(s.writes());
                    }
                }
            }
            // The follow-ups' tables, as far as they exist yet (campaign-fks adds the columns it backfills).
            Map<String, Set<String>> columns = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                            + "current_schema() AND table_name = ANY (?)")) {
                ps.setArray(
                        1,
                        c.createArrayOf(
                                "text",
                                LoggedTable.ALL.stream().map(LoggedTable::name).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                                .add(rs.getString(2));
                    }
                }
            }
            for (LoggedTable t : LoggedTable.ALL) {
                Set<String> present = columns.getOrDefault(t.name(), Set.of());
                if (present.containsAll(t.rowKey())) {
                    keys.putIfAbsent(t.name(), t.rowKey());
                    t.updates().stream()
                            .filter(present::contains)
                            .forEach(col -> updated.computeIfAbsent(t.name(), k -> new TreeSet<>())
                                    .add(col));
                }
            }
            // Children before parents: the reverse of the load order, the follow-ups' tables first.
            List<String> order = new ArrayList<>(new LinkedHashSet<>(keys.keySet()));
            Collections.reverse(order);
            Set<String> withUpdatedAt = new TreeSet<>();
            List<ForeignKey> fks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                            + "AND column_name = 'updated_at' AND table_name = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("text", keys.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        withUpdatedAt.add(rs.getString(1));
                    }
                }
            }
            // A referencing table outside the CRM's schema (e.g. auth) is named with its schema.
            try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN rn.nspname = current_schema() "
                    + "THEN rc.relname ELSE rn.nspname || '.' || rc.relname END, "
                    + "CASE WHEN rn.nspname = current_schema() THEN quote_ident(rc.relname) "
                    + "ELSE quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) END, "
                    + "quote_ident(a.attname), tc.relname "
                    + "FROM pg_constraint co JOIN pg_class rc ON rc.oid = co.conrelid "
                    + "JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
                    + "JOIN pg_class tc ON tc.oid = co.confrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace "
                    + "JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1] "
                    + "WHERE co.contype = 'f' AND cardinality(co.conkey) = 1 AND tn.nspname = current_schema() "
                    + "AND tc.relname = ANY (?) ORDER BY 4, 1, 3")) {
                ps.setArray(1, c.createArrayOf("text", keys.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fks.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return new Catalog(keys, updated, withUpdatedAt, List.copyOf(fks), List.copyOf(order));
        }
    }
}
