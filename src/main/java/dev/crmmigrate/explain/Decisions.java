package dev.crmmigrate.explain;

import static org.apache.spark.sql.functions.col;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Secrets;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.load.ChangeLog;
import dev.crmmigrate.resolve.ContactColumns;
import dev.crmmigrate.stage.Figure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The decisions section of a contacts import's report: how often each rule fired in the run, with up to
 * {@link #EXAMPLES} masked examples and the {@code explain} command that shows one in full. Counted from the CRM's
 * change log and mapping, and from the run's staged tables, never from the import's own counters alone.
 */
public final class Decisions {
    static final int EXAMPLES = 3;

    /** One rule that fired: how often, a few masked examples, and the command that explains the first in full. */
    public record Decision(String rule, long count, List<String> examples, String explain) {}

    private Decisions() {}

    /**
     * @param contacts the run's staged contacts ({@link ContactsResolver#resolved}): the skipped ones are read there
     * @param figures the run's phase and load figures (late matches are known only to the load, skipped contacts to
     *     the plan)
     */
    public static List<Decision> of(Database db, String runId, Dataset<Row> contacts, Map<String, Long> figures) {
        List<Decision> out = new ArrayList<>();
        try (Connection c = db.open()) {
            out.add(sql(
                    c,
                    runId,
                    "first-wins losers (mapped to the earliest contact's person)",
                    "SELECT contact_id::text, contact_id::text FROM contact_person_map "
                            + "WHERE run_id = ? AND NOT is_first",
                    UnaryOperator.identity(),
                    "--contact"));
            for (String field : List.of("tags", "lead_status", "user_id")) {
                out.add(sql(
                        c,
                        runId,
                        "existing people enriched: " + field,
                        "SELECT key1::text, key1::text FROM " + ChangeLog.TABLE + " WHERE run_id = ? AND table_name = "
                                + "'people' AND op = "
                                + "'U' AND before->>'" + field + "' IS DISTINCT FROM after->>'" + field + "'",
                        UnaryOperator.identity(),
                        "--person"));
            }
            out.add(sql(
                    c,
                    runId,
                    "email statuses raised (sticky)",
                    "SELECT e.address, (SELECT min(pe.person_id::text) FROM person_emails pe WHERE pe.email_id = e.id) "
                            + "FROM " + ChangeLog.TABLE + " m JOIN emails e ON e.id = m.key1 WHERE m.run_id = ? AND "
                            + "m.table_name = 'emails' AND m.op = 'U' AND m.before->>'status' IS DISTINCT FROM "
                            + "m.after->>'status'",
                    Secrets::maskEmail,
                    "--person"));
        } catch (SQLException e) {
            throw Errors.database("the decisions of run " + runId, db.safeUrl(), e);
        }
        long late = figures.getOrDefault(Figure.PEOPLE_MATCHED_LATE, 0L);
        out.add(new Decision("people matched late (a signup between the plan and the load)", late, List.of(), null));
        // A contact the rule skipped is the one without an email that resolved to no person.
        List<String> skipped = contacts
                .where(col(ContactColumns.EMAIL).isNull().and(col("person_id").isNull()))
                .select(col("id").cast("string"))
                .orderBy("id")
                .limit(EXAMPLES)
                .collectAsList()
                .stream()
                .map(r -> String.valueOf(r.<Object>getAs(0)))
                .toList();
        out.add(new Decision(
                "contacts skipped: no usable email (rules.contacts_without_email: skip)",
                figures.getOrDefault(Figure.SKIPPED_NO_EMAIL, (long) skipped.size()),
                skipped,
                skipped.isEmpty() ? null : "crm-migrate explain --contact " + skipped.get(0)));
        return out;
    }

    /**
     * @param select two text columns: what an example shows (through {@code mask}) and the subject the {@code explain}
     *     command takes (a contact or person id, never an address: the command would unmask the example)
     */
    private static Decision sql(
            Connection c, String runId, String rule, String select, UnaryOperator<String> mask, String option)
            throws SQLException {
        long n;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (" + select + ") x")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
        }
        List<String> examples = new ArrayList<>();
        String subject = null;
        // Never more than a few rows back: a rule can fire millions of times.
        try (PreparedStatement ps =
                c.prepareStatement("SELECT k, s FROM (" + select + ") x(k, s) ORDER BY k LIMIT " + EXAMPLES)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    examples.add(mask.apply(rs.getString(1)));
                    subject = subject == null ? rs.getString(2) : subject;
                }
            }
        }
        return new Decision(
                rule, n, examples, subject == null ? null : "crm-migrate explain " + option + " " + subject);
    }
}
