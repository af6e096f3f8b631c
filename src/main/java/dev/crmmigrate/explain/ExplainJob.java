package dev.crmmigrate.explain;

import static org.apache.spark.sql.functions.col;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.load.ChangeLog;
import dev.crmmigrate.load.RunLog;
import dev.crmmigrate.normalize.Emails;
import dev.crmmigrate.resolve.ContactColumns;
import dev.crmmigrate.stage.JobName;
import dev.crmmigrate.stage.Phase;
import dev.crmmigrate.stage.StagedTable;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code crm-migrate explain}: the decision trail of one contact, email or person in a contacts import, read from the
 * run's staged Delta tables (normalized contacts, rejects, the people resolution) and from the CRM and its change log.
 * Everything it reads is filtered to the subject first, and at most {@link #MAX_GROUP} contacts of a group are read.
 */
public final class ExplainJob {
    /** What the subject is. */
    public enum By {
        CONTACT,
        EMAIL,
        PERSON
    }

    /** Contacts of one first-wins group read at most (a role address shared by thousands stays readable). */
    static final int MAX_GROUP = 50;

    static final String TAGS_RULE = "tags are a union: the import only adds tags";
    static final String LEAD_RULE = "the lead status only rises along rules.lead_status_scale";
    static final String USER_RULE = "a user id only fills an empty one";
    static final String STICKY =
            "statuses only rise (" + String.join(" < ", Emails.STATUS_ORDER) + "); a merge never clears one";

    private ExplainJob() {}

    /** Where an explanation reads from: the run store's staged tables and the CRM. */
    public record Sources(SparkSession spark, Path runsDir, Database target) {}

    /**
     * @param runId the contacts import to explain; null: the newest succeeded one
     */
    public static Explanation run(Sources ctx, By by, String value, String runId) {
        Database db = ctx.target();
        try (Connection c = db.open()) {
            String run = runId != null ? runId : newestImport(c);
            Path dir = ctx.runsDir().resolve(run);
            boolean staged = DeltaTable.isDeltaTable(
                    ctx.spark(),
                    dir.resolve(Phase.CONTACTS.dir()).toAbsolutePath().toString());
            List<Explanation.Contact> contacts = new ArrayList<>();
            Set<String> personIds = new LinkedHashSet<>();
            Map<String, String> matchedBy = new LinkedHashMap<>();
            if (by == By.PERSON) {
                personIds.add(value);
            }
            if (staged) {
                Staged s = new Staged(ctx, dir);
                Set<String> emails = new LinkedHashSet<>();
                switch (by) {
                    case CONTACT -> emails.addAll(s.emailsOfContacts(List.of(value)));
                    case EMAIL -> emails.add(Emails.normalize(value));
                    case PERSON -> emails.addAll(s.emailsOfContacts(mappedContacts(c, value)));
                }
                for (String e : emails) {
                    if (e == null) {
                        continue;
                    }
                    for (Row r : s.group(e)) {
                        String id = r.getAs("id").toString();
                        String person = mappedPerson(c, id);
                        contacts.add(new Explanation.Contact(
                                id,
                                r.getAs("email"),
                                r.getAs(ContactColumns.EMAIL),
                                String.valueOf(r.<Object>getAs("created_at")),
                                r.getAs(ContactColumns.EMAIL_RANK),
                                person,
                                s.rejected(id)));
                        if (person != null && by != By.PERSON) {
                            personIds.add(person);
                            matchedBy.put(person, e);
                        }
                    }
                }
                if (by == By.CONTACT && contacts.stream().noneMatch(x -> x.id().equals(value))) {
                    contacts.addAll(s.contactWithoutEmail(value, mappedPerson(c, value)));
                }
            } else if (by == By.CONTACT) {
                String person = mappedPerson(c, value);
                contacts.add(new Explanation.Contact(value, null, null, null, null, person, List.of()));
                if (person != null) {
                    personIds.add(person);
                }
            } else if (by == By.EMAIL) {
                personIds.addAll(peopleOfAddress(c, Emails.normalize(value)));
            }
            List<Explanation.Person> people = new ArrayList<>();
            for (String p : personIds) {
                people.add(person(c, run, p, matchedBy.get(p)));
            }
            return new Explanation(run, staged, by.name().toLowerCase() + " " + value, contacts, people);
        } catch (SQLException e) {
            throw Errors.database("explain", db.safeUrl(), e);
        }
    }

    /** The run's staged tables, each read filtered to what is asked. */
    private record Staged(Sources ctx, Path dir) {
        Dataset<Row> table(String name) {
            return ctx.spark()
                    .read()
                    .format("delta")
                    .load(dir.resolve(name).toAbsolutePath().toString());
        }

        List<String> emailsOfContacts(List<String> ids) {
            if (ids.isEmpty()) {
                return List.of();
            }
            return table(Phase.CONTACTS.dir())
                    .where(col("id").cast("string").isin(ids.toArray()))
                    .select(ContactColumns.EMAIL)
                    .distinct()
                    .limit(MAX_GROUP)
                    .collectAsList()
                    .stream()
                    .map(r -> r.getString(0))
                    .toList();
        }

        List<Row> group(String email) {
            return table(Phase.CONTACTS.dir())
                    .where(col(ContactColumns.EMAIL).equalTo(email))
                    .orderBy(col(ContactColumns.EMAIL_RANK))
                    .select("id", "email", ContactColumns.EMAIL, "created_at", ContactColumns.EMAIL_RANK)
                    .limit(MAX_GROUP)
                    .collectAsList();
        }

        List<Explanation.Contact> contactWithoutEmail(String id, String person) {
            return table(Phase.CONTACTS.dir())
                    .where(col("id").cast("string").equalTo(id))
                    .select("id", "email", "created_at")
                    .limit(1)
                    .collectAsList()
                    .stream()
                    .map(r -> new Explanation.Contact(
                            id,
                            r.getAs("email"),
                            null,
                            String.valueOf(r.<Object>getAs("created_at")),
                            null,
                            person,
                            rejected(id)))
                    .toList();
        }

        List<Explanation.Rejected> rejected(String id) {
            // A run writes its rejects table only when a field was rejected.
            if (!DeltaTable.isDeltaTable(
                    ctx.spark(),
                    dir.resolve(Phase.REJECTS.dir()).toAbsolutePath().toString())) {
                return List.of();
            }
            return table(Phase.REJECTS.dir())
                    .where(col("record_id").equalTo(id))
                    .select("field", "reason")
                    .limit(MAX_GROUP)
                    .collectAsList()
                    .stream()
                    .map(r -> new Explanation.Rejected(r.getString(0), r.getString(1)))
                    .toList();
        }
    }

    private static Explanation.Person person(Connection c, String run, String person, String address)
            throws SQLException {
        String createdBy = one(
                c,
                "SELECT run_id FROM " + ChangeLog.TABLE
                        + " WHERE table_name = 'people' AND op = 'I' AND key1 = ?::uuid " + "ORDER BY run_id LIMIT 1",
                person);
        long candidates = 0;
        if (address != null) {
            candidates = Long.parseLong(one(
                    c,
                    "SELECT count(*) FROM person_emails pe JOIN emails e ON e.id = pe.email_id WHERE e.address = ?",
                    address));
        }
        boolean existing = createdBy == null || !createdBy.equals(run);
        List<Explanation.Change> changes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_id, before->>'tags', after->>'tags', before->>'lead_status', after->>'lead_status', "
                        + "before->>'user_id', after->>'user_id' FROM " + ChangeLog.TABLE
                        + " WHERE table_name = 'people' "
                        + "AND op = 'U' AND key1 = ?::uuid ORDER BY run_id")) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    change(changes, "tags", rs.getString(2), rs.getString(3), TAGS_RULE, rs.getString(1));
                    change(changes, "lead_status", rs.getString(4), rs.getString(5), LEAD_RULE, rs.getString(1));
                    change(changes, "user_id", rs.getString(6), rs.getString(7), USER_RULE, rs.getString(1));
                }
            }
        }
        List<Explanation.EmailStatus> emails = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.address, e.status, (SELECT before->>'status' FROM "
                + ChangeLog.TABLE + " m WHERE m.table_name = "
                + "'emails' AND m.op = 'U' AND m.key1 = e.id ORDER BY m.run_id LIMIT 1), (SELECT m.run_id "
                + "FROM " + ChangeLog.TABLE + " m WHERE m.table_name = 'emails' AND m.op = 'U' AND m.key1 = e.id "
                + "ORDER BY m.run_id DESC LIMIT 1) FROM person_emails pe JOIN emails e ON e.id = pe.email_id "
                + "WHERE pe.person_id = ?::uuid ORDER BY e.address")) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String before = rs.getString(3);
                    String why = before == null
                            ? "active".equals(rs.getString(2))
                                    ? "active: no contact of this address was bounced or unsubscribed"
                                    : rs.getString(2) + " since it was created; " + STICKY
                            : "raised from " + before + " to " + rs.getString(2) + " by a contact flagged so; "
                                    + STICKY;
                    emails.add(new Explanation.EmailStatus(
                            rs.getString(1), rs.getString(2), before, rs.getString(4), why));
                }
            }
        }
        List<Explanation.Link> links = new ArrayList<>();
        links(
                c,
                links,
                "email",
                "SELECT e.address, (SELECT min(m.run_id) FROM " + ChangeLog.TABLE + " m WHERE m.table_name "
                        + "= 'person_emails' AND m.op = 'I' AND m.key1 = pe.person_id AND m.key2 = pe.email_id) FROM "
                        + "person_emails pe JOIN emails e ON e.id = pe.email_id WHERE pe.person_id = ?::uuid "
                        + "ORDER BY 1",
                person);
        links(
                c,
                links,
                "organization",
                "SELECT o.name, (SELECT min(m.run_id) FROM " + ChangeLog.TABLE + " m WHERE "
                        + "m.table_name = 'person_organizations' AND m.op = 'I' AND m.key1 = po.person_id AND m.key2 = "
                        + "po.organization_id) FROM person_organizations po JOIN organizations o "
                        + "ON o.id = po.organization_id WHERE po.person_id = ?::uuid ORDER BY 1",
                person);
        links(
                c,
                links,
                "phone",
                "SELECT ph.number, (SELECT min(m.run_id) FROM " + ChangeLog.TABLE + " m WHERE m.table_name "
                        + "= 'person_phones' AND m.op = 'I' AND m.key1 = pp.person_id AND m.key2 = pp.phone_id) FROM "
                        + "person_phones pp JOIN phones ph ON ph.id = pp.phone_id WHERE pp.person_id = ?::uuid "
                        + "ORDER BY 1",
                person);
        return new Explanation.Person(
                person,
                existing,
                existing ? address : null,
                candidates,
                createdBy,
                changes,
                emails,
                links,
                merges(c, person));
    }

    /** The person merges this person took part in, oldest first (none when no merge was ever made). */
    private static List<Explanation.Merge> merges(Connection c, String person) throws SQLException {
        List<Explanation.Merge> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('person_merges') IS NULL")) {
            if (rs.next() && rs.getBoolean(1)) {
                return out;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT merge_id::text, kept_id = ?::uuid, "
                + "CASE WHEN kept_id = ?::uuid THEN merged_id ELSE kept_id END::text, merged_at::text, undone_at::text "
                + "FROM person_merges WHERE kept_id = ?::uuid OR merged_id = ?::uuid ORDER BY merged_at, merge_id")) {
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, person);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Explanation.Merge(
                            rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private static void change(
            List<Explanation.Change> out, String field, String before, String after, String rule, String run) {
        if (after != null && !after.equals(before)) {
            out.add(new Explanation.Change(field, before, after, rule, run));
        }
    }

    private static void links(Connection c, List<Explanation.Link> out, String kind, String sql, String person)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Explanation.Link(kind, rs.getString(1), rs.getString(2)));
                }
            }
        }
    }

    private static String newestImport(Connection c) throws SQLException {
        return RunLog.newest(c, JobName.IMPORT_CONTACTS.id())
                .orElseThrow(
                        () -> Errors.check("no succeeded contacts import in %s: nothing to explain", RunLog.TABLE));
    }

    private static String mappedPerson(Connection c, String contact) throws SQLException {
        return one(
                c,
                "SELECT person_id::text FROM " + StagedTable.CONTACT_MAP.target + " WHERE contact_id::text = ?",
                contact);
    }

    private static List<String> mappedContacts(Connection c, String person) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT contact_id::text FROM " + StagedTable.CONTACT_MAP.target
                + " WHERE person_id::text = ? ORDER BY contact_id LIMIT " + MAX_GROUP)) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<String> peopleOfAddress(Connection c, String address) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pe.person_id::text FROM person_emails pe JOIN emails e "
                + "ON e.id = pe.email_id WHERE e.address = ? ORDER BY 1 LIMIT " + MAX_GROUP)) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String one(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
