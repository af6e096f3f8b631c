package dev.crmmigrate.support;

import dev.crmmigrate.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An md5 of every row of each CRM table: equal checksums mean equal tables. */
public final class Checksums {
    public static final List<String> TABLES = List.of(
            "people",
            "emails",
            "phones",
            "organizations",
            "properties",
            "person_emails",
            "person_phones",
            "person_organizations",
            "contact_person_map");

    private Checksums() {}

    /**
     * @param columns per table, the column list to hash ({@code *} for all)
     */
    public static Map<String, String> of(Database db, Map<String, String> columns) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            for (String t : TABLES) {
                String cols = columns.getOrDefault(t, "*");
                try (ResultSet rs = st.executeQuery(
                        "select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') "
                                + "from (select " + cols + " from " + t + ") x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    public static Map<String, String> of(Database db) {
        return of(db, Map.of());
    }

    /** Checksums without the columns a clean run sets from the clock (created_at/updated_at of new rows). */
    public static Map<String, String> stable(Database db) {
        return of(
                db,
                Map.of(
                        "people", "id, first_name, last_name, tags, lead_status, user_id, details",
                        "emails", "id, address, status, metadata",
                        "phones", "id, number",
                        "organizations", "id, name, org_type, details",
                        "properties", "id, external_id, name, address, owner_organization_id, phone_id",
                        "person_emails", "person_id, email_id, source",
                        "person_phones", "person_id, phone_id, source",
                        "person_organizations", "person_id, organization_id, title",
                        "contact_person_map", "contact_id, person_id, email_id, user_id, is_first"));
    }
}
