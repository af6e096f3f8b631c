package dev.crmmigrate.followup;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Secrets;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.db.WriteSession;
import dev.crmmigrate.load.ChangeLog;
import dev.crmmigrate.load.NamedSql;
import dev.crmmigrate.load.RunLog;
import dev.crmmigrate.stage.JobName;
import dev.crmmigrate.stage.RunIds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The follow-ups the field report left open, as idempotent, set-based SQL against the CRM database: each runs in one
 * transaction, changes only what is not done yet (a second run changes nothing) and reports what it did and what a
 * person must look at: every finding goes to {@code <name>_findings.csv} in the findings folder, the result keeps a
 * count per kind and the first examples.
 */
public final class Followups {
    /** Kind of finding that makes retire-contacts refuse. */
    static final String CHECK_FAILED = "check failed";

    private final Database db;
    private final Path findingsDir;

    /** @param findingsDir where the findings CSV files go; {@code null}: counts and examples only */
    public Followups(Database db, Path findingsDir) {
        this.db = db;
        this.findingsDir = findingsDir;
    }

    /** 1. campaign_recipients gets person_id and email_id, backfilled from the saved mapping, then validated. */
    public FollowupResult campaignForeignKeys() {
        return tx("campaign_foreign_keys", (st, figures, findings, log) -> {
            st.execute("ALTER TABLE campaign_recipients ADD COLUMN IF NOT EXISTS person_id uuid, ADD COLUMN IF NOT "
                    + "EXISTS email_id uuid");
            figures.put("recipients", count(st, "SELECT count(*) FROM campaign_recipients"));
            figures.put("backfilled", (long) log.update(
                    "campaign_recipients",
                    "r",
                    "UPDATE campaign_recipients r SET person_id = m.person_id, email_id = m.email_id "
                            + "FROM contact_person_map m WHERE m.contact_id = r.contact_id "
                            + "AND (r.person_id IS DISTINCT FROM m.person_id OR r.email_id IS "
                            + "DISTINCT FROM m.email_id)"));
            addForeignKey(st, "campaign_recipients", "campaign_recipients_person_id_fkey", "person_id", "people");
            addForeignKey(st, "campaign_recipients", "campaign_recipients_email_id_fkey", "email_id", "emails");
            // Deleting a person or an email checks these keys: without an index, one scan of the table per row.
            st.execute("CREATE INDEX IF NOT EXISTS campaign_recipients_person_idx ON campaign_recipients (person_id)");
            st.execute("CREATE INDEX IF NOT EXISTS campaign_recipients_email_idx ON campaign_recipients (email_id)");
            String orphans = "SELECT r.id, r.contact_id, CASE WHEN nullif(btrim(c.email), '') IS NULL "
                    + "THEN 'the contact has no email (not migrated: rules.contacts_without_email is skip)' "
                    + "ELSE 'the contact''s email is not usable (not migrated; its reason is in the import''s "
                    + "rejects)' END FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id "
                    + "LEFT JOIN contact_person_map m ON m.contact_id = r.contact_id WHERE m.contact_id IS NULL "
                    + "ORDER BY r.id";
            figures.put("without_person", count(st, "SELECT count(*) FROM (" + orphans + ") o"));
            try (ResultSet rs = st.executeQuery(orphans)) {
                while (rs.next()) {
                    findings.add(
                            "recipient without person",
                            "campaign_recipients " + rs.getString(1) + " (contact " + rs.getString(2)
                                    + "): no person_id, " + rs.getString(3));
                }
            }
        });
    }

    /**
     * 4. email_queue gets person_id through to_email → emails → person_emails; addresses of several people are
     * reported.
     */
    public FollowupResult emailQueue() {
        return tx("email_queue_person", (st, figures, findings, log) -> {
            st.execute("ALTER TABLE email_queue ADD COLUMN IF NOT EXISTS person_id uuid");
            String candidates =
                    "SELECT q.id, q.to_email, array_agg(DISTINCT pe.person_id) AS persons FROM email_queue q "
                            + "JOIN emails e ON e.address = lower(btrim(q.to_email)) JOIN person_emails pe ON "
                            + "pe.email_id = e.id GROUP BY q.id, q.to_email";
            figures.put("rows", count(st, "SELECT count(*) FROM email_queue"));
            figures.put("backfilled", (long) log.update(
                    "email_queue",
                    "q",
                    "UPDATE email_queue q SET person_id = c.persons[1] FROM (" + candidates + ") c "
                            + "WHERE c.id = q.id AND cardinality(c.persons) = 1 AND q.person_id IS "
                            + "DISTINCT FROM c.persons[1]"));
            figures.put(
                    "shared_address",
                    count(st, "SELECT count(*) FROM (" + candidates + ") c WHERE cardinality(c.persons) > 1"));
            figures.put(
                    "unknown_address",
                    count(
                            st,
                            "SELECT count(*) FROM email_queue q WHERE NOT EXISTS "
                                    + "(SELECT 1 FROM emails e WHERE e.address = lower(btrim(q.to_email)))"));
            addForeignKey(st, "email_queue", "email_queue_person_id_fkey", "person_id", "people");
            st.execute("CREATE INDEX IF NOT EXISTS email_queue_person_idx ON email_queue (person_id)");
            try (ResultSet rs = st.executeQuery("SELECT id, to_email, cardinality(persons) FROM (" + candidates + ") c "
                    + "WHERE cardinality(c.persons) > 1 ORDER BY id")) {
                while (rs.next()) {
                    findings.add(
                            "shared address",
                            "email_queue " + rs.getString(1) + ": " + Secrets.maskEmail(rs.getString(2))
                                    + " belongs to " + rs.getInt(3) + " people; person_id left empty, not guessed");
                }
            }
        });
    }

    /** 5. contacts_compat: shaped like the legacy contacts table, read from people and its joins. */
    public FollowupResult compatibilityView() {
        return tx("contacts_compat_view", (st, figures, findings, log) -> {
            st.execute("CREATE OR REPLACE VIEW contacts_compat AS "
                    + "SELECT p.id, e.address AS email, nullif(concat_ws(' ', p.first_name, p.last_name), '') AS "
                    + "name, o.name AS company, "
                    + "o.title AS role, ph.number AS phone_number, p.tags AS contact_types, p.details, p.user_id, "
                    + "p.details->>'location' AS location, coalesce(p.details->>'legacy_source', "
                    + "p.details->>'import_source') AS source, "
                    + "p.lead_status, coalesce(e.status = 'bounced', false) AS globally_bounced, "
                    + "coalesce(e.status = 'suppressed', false) AS globally_unsubscribed, "
                    + "e.metadata->>'suppression_reason' AS suppression_reason, "
                    + "CASE WHEN e.metadata->>'suppression_date' ~ '^\\d{4}-\\d{2}-\\d{2}' THEN "
                    + "(e.metadata->>'suppression_date')::timestamptz END "
                    + "AS suppression_date, p.created_at FROM people p "
                    + "LEFT JOIN LATERAL (SELECT e.address, e.status, e.metadata FROM person_emails pe JOIN emails e "
                    + "ON e.id = pe.email_id "
                    + "WHERE pe.person_id = p.id ORDER BY pe.created_at, e.address LIMIT 1) e ON true "
                    + "LEFT JOIN LATERAL (SELECT o.name, po.title FROM person_organizations po JOIN organizations o "
                    + "ON o.id = po.organization_id "
                    + "WHERE po.person_id = p.id ORDER BY po.created_at, o.name LIMIT 1) o ON true "
                    + "LEFT JOIN LATERAL (SELECT ph.number FROM person_phones pp JOIN phones ph ON ph.id = pp.phone_id "
                    + "WHERE pp.person_id = p.id ORDER BY pp.created_at, ph.number LIMIT 1) ph ON true");
            figures.put("rows", count(st, "SELECT count(*) FROM contacts_compat"));
        });
    }

    /** 2. The signup trigger, as a Flyway migration of its own location (a second run applies nothing). */
    public FollowupResult signupTrigger() {
        SchemaMigrator.Result r = SchemaMigrator.migrate(db, SchemaMigrator.Location.FOLLOWUP);
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("migrations_applied", (long) r.applied());
        return new FollowupResult("signup_trigger", true, figures, Findings.Summary.NONE);
    }

    /** 3. Activities from campaign_recipients' send/open/click/bounce events; counts per type equal the source's. */
    public FollowupResult activities() {
        return tx("activities_backfill", (st, figures, findings, log) -> {
            String[][] events = {
                {"email_sent", "sent_at"},
                {"email_opened", "opened_at"},
                {"email_clicked", "clicked_at"},
                {"email_bounced", "bounced_at"}
            };
            for (String[] ev : events) {
                figures.put(
                        ev[0] + "_inserted",
                        log.insert(
                                "activities",
                                "INSERT INTO activities (id, type, person_id, email_id, campaign_id, occurred_at, "
                                        + "payload, source_table, source_id) "
                                        + "SELECT md5('campaign_recipients:' || r.id || ':" + ev[0] + "')::uuid, '"
                                        + ev[0]
                                        + "', (SELECT p.id FROM people p WHERE p.id = m.person_id), "
                                        + "(SELECT e.id FROM emails e WHERE e.id = m.email_id), r.campaign_id, r."
                                        + ev[1]
                                        + ", jsonb_build_object('recipient_id', r.id, 'status', r.status, "
                                        + "'contact_id', r.contact_id), 'campaign_recipients', r.id::text FROM "
                                        + "campaign_recipients r "
                                        + "LEFT JOIN contact_person_map m ON m.contact_id = r.contact_id WHERE r."
                                        + ev[1]
                                        + " IS NOT NULL ON CONFLICT (source_table, source_id, type) DO NOTHING"));
                long source = count(st, "SELECT count(*) FROM campaign_recipients WHERE " + ev[1] + " IS NOT NULL");
                long target = count(
                        st,
                        "SELECT count(*) FROM activities WHERE source_table = 'campaign_recipients' AND type = '"
                                + ev[0] + "'");
                figures.put(ev[0] + "_events", source);
                if (source != target) {
                    findings.add(
                            "event count differs",
                            ev[0] + ": " + source + " events in campaign_recipients but " + target + " activities");
                }
            }
            figures.put(
                    "without_person",
                    count(
                            st,
                            "SELECT count(*) FROM activities WHERE source_table = 'campaign_recipients' AND "
                                    + "person_id IS NULL"));
        });
    }

    /**
     * 6. Renames contacts to contacts_legacy when every check passes; otherwise refuses and says which check failed.
     */
    public FollowupResult retireContacts(boolean undo) {
        return tx(undo ? "retire_contacts_undo" : "retire_contacts", (st, figures, findings, log) -> {
            boolean live = count(
                            st,
                            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    + "WHERE n.nspname = current_schema() AND c.relname = 'contacts' AND c.relkind = "
                                    + "'r'")
                    == 1;
            boolean retired = count(
                            st,
                            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    + "WHERE n.nspname = current_schema() AND c.relname = 'contacts_legacy'")
                    == 1;
            if (undo) {
                if (retired && !live) {
                    st.execute("ALTER TABLE contacts_legacy RENAME TO contacts");
                    figures.put("renamed", 1L);
                } else {
                    figures.put("renamed", 0L);
                    findings.add(
                            "nothing to undo",
                            retired
                                    ? "both contacts and contacts_legacy exist: nothing undone"
                                    : "contacts is not retired: nothing to undo");
                }
                return;
            }
            if (!live) {
                figures.put("renamed", 0L);
                findings.add(
                        "nothing to retire",
                        retired ? "contacts is already retired (contacts_legacy)" : "there is no contacts table");
                return;
            }
            try (ResultSet rs =
                    st.executeQuery("SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE confrelid = "
                            + "'contacts'::regclass")) {
                while (rs.next()) {
                    findings.add(
                            CHECK_FAILED,
                            "check failed: foreign key " + rs.getString(2) + " on " + rs.getString(1)
                                    + " still points at contacts");
                }
            }
            try (ResultSet rs =
                    st.executeQuery("SELECT t.tgrelid::regclass::text, t.tgname, p.proname FROM pg_trigger t "
                            + "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal AND p.prosrc ~* "
                            + "'\\mcontacts\\M'")) {
                while (rs.next()) {
                    findings.add(
                            CHECK_FAILED,
                            "check failed: trigger " + rs.getString(2) + " on " + rs.getString(1) + " (function "
                                    + rs.getString(3) + ") still writes to contacts; run 'followup signup-trigger'");
                }
            }
            long unmapped = count(
                    st,
                    "SELECT count(*) FROM contacts c WHERE position('@' in coalesce(c.email, '')) > 1 "
                            + "AND NOT EXISTS (SELECT 1 FROM contact_person_map m WHERE m.contact_id = c.id)");
            if (unmapped > 0) {
                findings.add(
                        CHECK_FAILED,
                        "check failed: " + unmapped + " contacts with an email are not mapped to a person");
            }
            if (count(
                            st,
                            "SELECT count(*) FROM pg_views WHERE schemaname = current_schema() AND viewname = "
                                    + "'contacts_compat'")
                    == 0) {
                findings.add(
                        CHECK_FAILED,
                        "check failed: the contacts_compat view does not exist; run 'followup compat-view'");
            } else {
                count(st, "SELECT count(*) FROM (SELECT * FROM contacts_compat LIMIT 1) x");
            }
            if (findings.isEmpty()) {
                st.execute("ALTER TABLE contacts RENAME TO contacts_legacy");
                figures.put("renamed", 1L);
            } else {
                figures.put("renamed", 0L);
            }
        });
    }

    private static void addForeignKey(Statement st, String table, String name, String column, String target)
            throws SQLException {
        // NOT VALID first (no long lock on a big table), then VALIDATE: the same end state as a plain FOREIGN KEY.
        if (count(st, "SELECT count(*) FROM pg_constraint WHERE conname = '" + name + "'") == 0) {
            st.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " FOREIGN KEY (" + column + ") REFERENCES "
                    + target + " (id) NOT VALID");
        }
        st.execute("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name);
    }

    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @FunctionalInterface
    interface Body {
        void run(Statement st, Map<String, Long> figures, Findings findings, Log log) throws SQLException;
    }

    /**
     * The data a follow-up changes row by row, logged in the change log under a run of its own ({@code followup_*} in
     * migration_runs), so that {@code crm-migrate rollback --cascade} takes it back before the import it depends on.
     */
    static final class Log {
        private final Connection c;
        private final String runId;
        private long changed;

        Log(Connection c, String runId) {
            this.c = c;
            this.runId = runId;
        }

        /** {@code UPDATE table alias …} of the columns that {@link LoggedTable#updates} names; the rows updated. */
        long update(String table, String alias, String sql) throws SQLException {
            LoggedTable t = LoggedTable.of(table);
            return run(ChangeLog.loggedUpdate(t.name(), t.rowKey(), alias, t.updates(), sql));
        }

        /** {@code INSERT INTO table …}; returns the rows inserted. */
        long insert(String table, String sql) throws SQLException {
            LoggedTable t = LoggedTable.of(table);
            return run(ChangeLog.loggedInsert(t.name(), t.rowKey(), sql));
        }

        private long run(String logged) throws SQLException {
            NamedSql sql = NamedSql.parse(logged);
            try (PreparedStatement ps = c.prepareStatement(sql.jdbc())) {
                sql.bind(ps, Map.of("run_id", runId));
                long n = ps.executeUpdate();
                changed += n;
                return n;
            }
        }
    }

    private FollowupResult tx(String name, Body body) {
        Map<String, Long> figures = new LinkedHashMap<>();
        Findings findings = new Findings(findingsDir == null ? null : findingsDir.resolve(name + "_findings.csv"));
        String job = JobName.followup(name);
        String runId = RunIds.next(job);
        Instant started = Instant.now();
        try (Connection c = WriteSession.begin(db, "follow-up " + name);
                findings) {
            Log log = new Log(c, runId);
            try (Statement st = c.createStatement()) {
                // Findings are streamed to their file, never held: fetch their rows in batches.
                st.setFetchSize(1000);
                body.run(st, figures, findings, log);
            }
            if (log.changed > 0) {
                // Only a step that changed rows is a run: a second run of a follow-up leaves no trace.
                RunLog.recordFollowup(c, runId, job, started, figures);
            }
            c.commit();
        } catch (SQLException e) {
            throw Errors.database("follow-up " + name, db.safeUrl(), e);
        }
        boolean done =
                !name.startsWith("retire") || figures.getOrDefault("renamed", 0L) == 1 || !findings.has(CHECK_FAILED);
        return new FollowupResult(name, done, figures, findings.summary());
    }
}
