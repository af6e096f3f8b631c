package dev.crmmigrate.dedupe;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.Sql;
import dev.crmmigrate.db.WriteSession;
import dev.crmmigrate.followup.Findings;
import dev.crmmigrate.followup.FollowupResult;
import dev.crmmigrate.followup.ReviewFile;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code people merge --review FILE}: merges the pairs a reviewer marked {@code merge} in a {@code
 * people_candidates.csv}
 * — never a pair nobody approved. Person b goes into person a with the import's survivorship rules: tags are a union,
 * the lead status only rises along {@code rules.lead_status_scale}, a user id is kept when one is set, details a has
 * win; every email, phone and organization link of b moves to a (a link a already has stays as it is), the contacts
 * mapped to b and b's activities are re-pointed, and b is deleted. Everything needed to undo a merge exactly is kept
 * in {@code person_merges}. All approved pairs in one transaction; a pair whose person is gone is skipped (a chain
 * a-b, b-c merges c into a).
 *
 * <p>A person another table refers to (campaign_recipients once its foreign keys are added, or any table of the
 * user's) is not merged: the pair is skipped and named, since the merge could not re-point and undo those rows.
 */
public final class PersonMerge {
    /** Tables referring to people that a merge re-points itself. */
    static final List<String> HANDLED = List.of(
            "person_emails",
            "person_phones",
            "person_organizations",
            "contact_person_map",
            "activities",
            "person_merges");

    private PersonMerge() {}

    /** Approved (kept, merged) pairs of a review file, in file order. */
    public static List<UUID[]> approved(Path review) {
        List<UUID[]> out = new ArrayList<>();
        ReviewFile.Content file = ReviewFile.read(review, "review file");
        if (!file.header().isEmpty() && !file.header().containsAll(List.of("person_a", "person_b", "decision"))) {
            throw Errors.config(
                    "%s: a review file needs the columns person_a, person_b and decision; found %s",
                    review, file.header());
        }
        for (CSVRecord r : file.records()) {
            if (r.isSet("decision")
                    && ReviewFile.Content.get(r, "decision")
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .equals("merge")) {
                try {
                    out.add(new UUID[] {UUID.fromString(r.get("person_a")), UUID.fromString(r.get("person_b"))});
                } catch (IllegalArgumentException e) {
                    throw Errors.config(
                            "%s line %d: person ids must be UUIDs",
                            review, r.getParser().getCurrentLineNumber());
                }
            }
        }
        return out;
    }

    /**
     * Merges the approved pairs in one transaction.
     *
     * @param planOnly counts what the merges would do, then rolls back
     */
    public static FollowupResult merge(Database db, Path review, List<String> leadScale, boolean planOnly) {
        List<UUID[]> pairs = approved(review);
        Findings findings = new Findings(null);
        long merged = 0;
        long skipped = 0;
        Map<String, Long> moved = new LinkedHashMap<>();
        Map<UUID, UUID> into = new HashMap<>();
        try (Connection c = WriteSession.begin(db, "people merge")) {
            List<String> blockers = otherReferences(c);
            for (UUID[] p : pairs) {
                UUID kept = survivor(into, p[0]);
                UUID gone = survivor(into, p[1]);
                if (kept.equals(gone)) {
                    skipped++;
                    findings.add("pair skipped", "pair " + p[0] + " / " + p[1] + ": already one person");
                    continue;
                }
                if (!exists(c, kept) || !exists(c, gone)) {
                    skipped++;
                    findings.add(
                            "pair skipped", "pair " + p[0] + " / " + p[1] + ": skipped, one of them no longer exists");
                    continue;
                }
                String referenced = referencedBy(c, blockers, gone);
                if (referenced != null) {
                    skipped++;
                    findings.add(
                            "pair skipped",
                            "pair " + p[0] + " / " + p[1] + ": skipped, " + referenced + " refers to " + gone);
                    continue;
                }
                mergeOne(c, kept, gone, leadScale).forEach((k, v) -> moved.merge(k, v, Long::sum));
                into.put(gone, kept);
                merged++;
            }
            if (planOnly) {
                c.rollback();
            } else {
                c.commit();
            }
        } catch (SQLException e) {
            throw Errors.database("merging people (rolled back, nothing merged)", db.safeUrl(), e);
        }
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("approved_pairs", (long) pairs.size());
        figures.put(planOnly ? "would_merge" : "merged", merged);
        figures.put("skipped", skipped);
        figures.putAll(moved);
        return new FollowupResult(
                planOnly ? "person_merge_plan" : "person_merge", !planOnly, figures, findings.summary());
    }

    private static UUID survivor(Map<UUID, UUID> into, UUID id) {
        UUID at = id;
        while (into.containsKey(at)) {
            at = into.get(at);
        }
        return at;
    }

    /** Merges {@code gone} into {@code kept} inside the caller's transaction; returns what moved. */
    static Map<String, Long> mergeOne(Connection c, UUID kept, UUID gone, List<String> leadScale) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO person_merges (merge_id, kept_id, merged_id, kept_row, merged_row, kept_links, "
                        + "merged_links, mappings, activities) "
                        + "SELECT gen_random_uuid(), k.id, g.id, to_jsonb(k), to_jsonb(g), " + links("k.id") + ", "
                        + links("g.id") + ", "
                        + "coalesce((SELECT jsonb_agg(m.contact_id ORDER BY m.contact_id) FROM contact_person_map m "
                        + "WHERE m.person_id = g.id), '[]'), "
                        + "coalesce((SELECT jsonb_agg(a.id ORDER BY a.id) FROM activities a WHERE a.person_id = g.id), "
                        + "'[]') FROM people k, people g WHERE k.id = ? AND g.id = ?",
                kept,
                gone);
        Array scale = c.createArrayOf("text", leadScale.toArray());
        Sql.update(
                c,
                "UPDATE people k SET tags = ARRAY(SELECT DISTINCT t FROM unnest(k.tags || g.tags) t ORDER BY t), "
                        + "lead_status = CASE WHEN coalesce(array_position(?::text[], g.lead_status), 0) > "
                        + "coalesce(array_position(?::text[], k.lead_status), 0) THEN g.lead_status "
                        + "ELSE k.lead_status END, "
                        + "user_id = coalesce(k.user_id, g.user_id), details = g.details || k.details, "
                        + "updated_at = now() FROM people g WHERE k.id = ? AND g.id = ?",
                scale,
                scale,
                kept,
                gone);
        Map<String, Long> moved = new LinkedHashMap<>();
        for (String[] t : List.of(
                new String[] {"person_emails", "email_id"},
                new String[] {"person_phones", "phone_id"},
                new String[] {"person_organizations", "organization_id"})) {
            long n = Sql.update(
                    c,
                    "INSERT INTO " + t[0] + " SELECT (jsonb_populate_record(NULL::" + t[0]
                            + ", to_jsonb(x) || jsonb_build_object('person_id', ?::text))).* FROM " + t[0]
                            + " x WHERE x.person_id = ? ON CONFLICT DO NOTHING",
                    kept.toString(),
                    gone);
            Sql.update(c, "DELETE FROM " + t[0] + " WHERE person_id = ?", gone);
            moved.merge(t[0] + "_moved", n, Long::sum);
        }
        moved.put("mappings_repointed", (long)
                Sql.update(c, "UPDATE contact_person_map SET person_id = ? WHERE person_id = ?", kept, gone));
        moved.put("activities_repointed", (long)
                Sql.update(c, "UPDATE activities SET person_id = ? WHERE person_id = ?", kept, gone));
        Sql.update(c, "DELETE FROM people WHERE id = ?", gone);
        return moved;
    }

    /** A person's links as one jsonb object: its rows of the three junction tables. */
    private static String links(String person) {
        StringBuilder b = new StringBuilder("jsonb_build_object(");
        List<String> tables = List.of("person_emails", "person_phones", "person_organizations");
        for (int i = 0; i < tables.size(); i++) {
            String t = tables.get(i);
            b.append(i > 0 ? ", " : "")
                    .append('\'')
                    .append(t)
                    .append("', coalesce((SELECT jsonb_agg(to_jsonb(x)) FROM ")
                    .append(t)
                    .append(" x WHERE x.person_id = ")
                    .append(person)
                    .append("), '[]')");
        }
        return b.append(')').toString();
    }

    /** Undoes one merge exactly, in its own transaction. */
    public static FollowupResult undo(Database db, UUID mergeId) {
        try (Connection c = WriteSession.begin(db, "people merge --undo")) {
            Map<String, Long> figures = undo(c, mergeId);
            c.commit();
            return new FollowupResult("person_merge_undo", true, figures, Findings.Summary.NONE);
        } catch (SQLException e) {
            throw Errors.database("undoing merge " + mergeId + " (rolled back)", db.safeUrl(), e);
        }
    }

    /**
     * The undo of one merge inside the caller's transaction (a rollback's {@code --cascade} undoes the merges over its
     * run this way): person b comes back as it was, person a gets its row and links of before the merge back, and the
     * mappings and activities of b point to b again.
     */
    public static Map<String, Long> undo(Connection c, UUID mergeId) throws SQLException {
        UUID kept;
        UUID gone;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kept_id, merged_id FROM person_merges WHERE merge_id = ? AND undone_at IS NULL FOR UPDATE")) {
            ps.setObject(1, mergeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Errors.config("no merge %s to undo (unknown, or undone already); see person_merges", mergeId);
                }
                kept = (UUID) rs.getObject(1);
                gone = (UUID) rs.getObject(2);
            }
        }
        Map<String, Long> figures = new LinkedHashMap<>();
        Sql.update(
                c,
                "INSERT INTO people SELECT (jsonb_populate_record(NULL::people, merged_row)).* FROM person_merges "
                        + "WHERE merge_id = ?",
                mergeId);
        Sql.update(
                c,
                "UPDATE people k SET first_name = r.first_name, last_name = r.last_name, tags = r.tags, "
                        + "lead_status = r.lead_status, user_id = r.user_id, details = r.details, "
                        + "created_at = r.created_at, updated_at = r.updated_at FROM person_merges m, "
                        + "jsonb_populate_record(NULL::people, m.kept_row) r WHERE m.merge_id = ? AND k.id = ?",
                mergeId,
                kept);
        for (String t : List.of("person_emails", "person_phones", "person_organizations")) {
            // The kept person's links as they were, then the merged person's back.
            Sql.update(c, "DELETE FROM " + t + " WHERE person_id = ?", kept);
            long n = Sql.update(
                    c,
                    "INSERT INTO " + t + " SELECT (jsonb_populate_record(NULL::" + t + ", l)).* FROM person_merges m, "
                            + "jsonb_array_elements(m.kept_links->'" + t + "') l WHERE m.merge_id = ?",
                    mergeId);
            n += Sql.update(
                    c,
                    "INSERT INTO " + t + " SELECT (jsonb_populate_record(NULL::" + t + ", l)).* FROM person_merges m, "
                            + "jsonb_array_elements(m.merged_links->'" + t + "') l WHERE m.merge_id = ?",
                    mergeId);
            figures.put(t + "_restored", n);
        }
        figures.put("mappings_restored", (long) Sql.update(
                c,
                "UPDATE contact_person_map p SET person_id = ? FROM person_merges m, "
                        + "jsonb_array_elements_text(m.mappings) x WHERE m.merge_id = ? AND p.contact_id = "
                        + "x::uuid",
                gone,
                mergeId));
        figures.put("activities_restored", (long) Sql.update(
                c,
                "UPDATE activities a SET person_id = ? FROM person_merges m, "
                        + "jsonb_array_elements_text(m.activities) x WHERE m.merge_id = ? AND a.id = x::uuid",
                gone,
                mergeId));
        Sql.update(c, "UPDATE person_merges SET undone_at = now() WHERE merge_id = ?", mergeId);
        return figures;
    }

    /** Tables with a foreign key to people that a merge does not re-point: "schema.table.column". */
    private static List<String> otherReferences(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT n.nspname, t.relname, a.attname FROM pg_constraint k JOIN pg_class t ON t.oid"
                                + " = k.conrelid "
                                + "JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON"
                                + " a.attrelid = t.oid "
                                + "AND a.attnum = k.conkey[1] WHERE k.contype = 'f' AND k.confrelid ="
                                + " 'people'::regclass");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!HANDLED.contains(rs.getString(2))) {
                    out.add(rs.getString(1) + "\u0000" + rs.getString(2) + "\u0000" + rs.getString(3));
                }
            }
        }
        return out;
    }

    /** The first other table that holds a row referring to {@code person}, or null. */
    private static String referencedBy(Connection c, List<String> others, UUID person) throws SQLException {
        for (String o : others) {
            String[] p = o.split("\u0000");
            String sql = "SELECT 1 FROM " + dev.crmmigrate.config.Identifiers.quoteAny(p[0]) + "."
                    + dev.crmmigrate.config.Identifiers.quoteAny(p[1]) + " WHERE "
                    + dev.crmmigrate.config.Identifiers.quoteAny(p[2]) + " = ? LIMIT 1";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, person);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return p[0] + "." + p[1];
                    }
                }
            }
        }
        return null;
    }

    private static boolean exists(Connection c, UUID id) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM people WHERE id = ?", id);
    }
}
