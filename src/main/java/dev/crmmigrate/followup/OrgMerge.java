package dev.crmmigrate.followup;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.Sql;
import dev.crmmigrate.db.WriteSession;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code orgs merge --plan reviewed.csv}: merges only the pairs a person marked {@code merge} in the review file
 * written by {@code orgs candidates}. Organization b goes into organization a: people links and property owners are
 * re-pointed (a link a person already has to a is dropped), b is deleted, and everything needed to undo it is kept in
 * {@code organization_merges}. One transaction per plan; a pair already merged is skipped, so re-applying a plan
 * changes nothing.
 */
public final class OrgMerge {
    private OrgMerge() {}

    /** Approved (kept, merged) id pairs of a review file. */
    public static List<UUID[]> approved(Path plan) {
        List<UUID[]> out = new ArrayList<>();
        ReviewFile.Content file = ReviewFile.read(plan, "review file");
        List<String> header = file.header();
        if (!header.isEmpty() && !header.containsAll(List.of("organization_a_id", "organization_b_id", "decision"))) {
            throw Errors.config(
                    "%s: a review file needs the columns organization_a_id, organization_b_id and decision; found %s",
                    plan, header);
        }
        for (CSVRecord r : file.records()) {
            if (r.isSet("decision")
                    && ReviewFile.Content.get(r, "decision")
                            .toLowerCase(Locale.ROOT)
                            .equals("merge")) {
                try {
                    out.add(new UUID[] {
                        UUID.fromString(r.get("organization_a_id")), UUID.fromString(r.get("organization_b_id"))
                    });
                } catch (IllegalArgumentException e) {
                    throw Errors.config(
                            "%s line %d: organization ids must be UUIDs",
                            plan, r.getParser().getCurrentLineNumber());
                }
            }
        }
        return out;
    }

    public static FollowupResult merge(Database db, Path plan) {
        List<UUID[]> pairs = approved(plan);
        Map<String, Long> figures = new LinkedHashMap<>();
        Findings findings = new Findings(null);
        long merged = 0;
        long skipped = 0;
        try (Connection c = WriteSession.begin(db, "orgs merge")) {
            for (UUID[] p : pairs) {
                if (!exists(c, p[0]) || !exists(c, p[1])) {
                    skipped++;
                    findings.add(
                            "pair skipped",
                            "pair " + p[0] + " / " + p[1]
                                    + ": skipped, one of them no longer exists (already merged?)");
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("WITH m AS (SELECT ?::uuid AS kept, ?::uuid AS gone), "
                        + "links AS (SELECT po.* FROM person_organizations po, m WHERE po.organization_id = m.gone), "
                        + "dropped AS (SELECT l.* FROM links l, m WHERE EXISTS (SELECT 1 FROM person_organizations k "
                        + "  WHERE k.organization_id = m.kept AND k.person_id = l.person_id)), "
                        + "moved AS (SELECT l.* FROM links l WHERE NOT EXISTS (SELECT 1 FROM dropped d WHERE "
                        + "d.person_id = l.person_id)), "
                        + "props AS (SELECT p.id FROM properties p, m WHERE p.owner_organization_id = m.gone) "
                        + "INSERT INTO organization_merges (merge_id, kept_id, merged_id, merged_row, moved_links, "
                        + "dropped_links, moved_properties) "
                        + "SELECT gen_random_uuid(), m.kept, m.gone, (SELECT to_jsonb(o) FROM organizations o WHERE "
                        + "o.id = m.gone), "
                        + "coalesce((SELECT jsonb_agg(to_jsonb(x)) FROM moved x), '[]'), coalesce((SELECT "
                        + "jsonb_agg(to_jsonb(x)) FROM dropped x), '[]'), "
                        + "coalesce((SELECT jsonb_agg(id) FROM props), '[]') FROM m")) {
                    ps.setObject(1, p[0]);
                    ps.setObject(2, p[1]);
                    ps.executeUpdate();
                }
                Sql.update(
                        c,
                        "DELETE FROM person_organizations d WHERE d.organization_id = ? AND EXISTS (SELECT 1 FROM "
                                + "person_organizations k "
                                + "WHERE k.organization_id = ? AND k.person_id = d.person_id)",
                        p[1],
                        p[0]);
                Sql.update(
                        c, "UPDATE person_organizations SET organization_id = ? WHERE organization_id = ?", p[0], p[1]);
                Sql.update(
                        c,
                        "UPDATE properties SET owner_organization_id = ? WHERE owner_organization_id = ?",
                        p[0],
                        p[1]);
                Sql.update(c, "DELETE FROM organizations WHERE id = ?", p[1]);
                merged++;
            }
            c.commit();
        } catch (SQLException e) {
            throw Errors.database("merging organizations (rolled back, nothing merged)", db.safeUrl(), e);
        }
        figures.put("approved_pairs", (long) pairs.size());
        figures.put("merged", merged);
        figures.put("skipped", skipped);
        return new FollowupResult("organization_merge", true, figures, findings.summary());
    }

    /** Reverses one merge exactly: the organization, its links and its properties come back. */
    public static FollowupResult undo(Database db, UUID mergeId) {
        try (Connection c = WriteSession.begin(db, "orgs merge --undo")) {
            Map<String, Long> figures = undo(c, mergeId);
            c.commit();
            return new FollowupResult("organization_merge_undo", true, figures, Findings.Summary.NONE);
        } catch (SQLException e) {
            throw Errors.database("undoing merge " + mergeId + " (rolled back)", db.safeUrl(), e);
        }
    }

    /**
     * The undo of one merge inside the caller's transaction, which commits it (a rollback's {@code --cascade} undoes
     * the merges over its run this way, all in its one transaction). Returns the figures.
     */
    public static Map<String, Long> undo(Connection c, UUID mergeId) throws SQLException {
        Map<String, Long> figures = new LinkedHashMap<>();
        UUID kept;
        UUID gone;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kept_id, merged_id FROM organization_merges WHERE merge_id = ? AND undone_at IS NULL FOR "
                        + "UPDATE")) {
            ps.setObject(1, mergeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Errors.config(
                            "no merge %s to undo (unknown, or undone already); see organization_merges", mergeId);
                }
                kept = (UUID) rs.getObject(1);
                gone = (UUID) rs.getObject(2);
            }
        }
        Sql.update(
                c,
                "INSERT INTO organizations SELECT (jsonb_populate_record(NULL::organizations, merged_row)).* "
                        + "FROM organization_merges WHERE merge_id = ?",
                mergeId);
        figures.put("links_restored", (long) Sql.update(
                c,
                "UPDATE person_organizations po SET organization_id = ? FROM organization_merges m, "
                        + "jsonb_array_elements(m.moved_links) l WHERE m.merge_id = ? AND po.organization_id = ? "
                        + "AND po.person_id = (l->>'person_id')::uuid",
                gone,
                mergeId,
                kept));
        figures.put("links_recreated", (long) Sql.update(
                c,
                "INSERT INTO person_organizations SELECT (jsonb_populate_record(NULL::person_organizations, l)).* "
                        + "FROM organization_merges m, jsonb_array_elements(m.dropped_links) l WHERE m.merge_id "
                        + "= ?",
                mergeId));
        figures.put("properties_restored", (long) Sql.update(
                c,
                "UPDATE properties p SET owner_organization_id = ? FROM organization_merges m, "
                        + "jsonb_array_elements_text(m.moved_properties) x WHERE m.merge_id = ? AND p.id = x::uuid",
                gone,
                mergeId));
        Sql.update(c, "UPDATE organization_merges SET undone_at = now() WHERE merge_id = ?", mergeId);
        return figures;
    }

    private static boolean exists(Connection c, UUID id) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM organizations WHERE id = ?", id);
    }
}
