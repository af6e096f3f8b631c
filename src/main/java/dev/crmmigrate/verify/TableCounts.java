package dev.crmmigrate.verify;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row counts of the CRM tables: the before/after table of the field report. */
public final class TableCounts {
    public static final List<String> TABLES = List.of(
            "people",
            "emails",
            "phones",
            "organizations",
            "properties",
            "person_emails",
            "person_phones",
            "person_organizations");

    private TableCounts() {}

    public static Map<String, Long> of(Database db) {
        return of(db, TABLES);
    }

    /** Row counts of the given tables, in their order. */
    public static Map<String, Long> of(Database db, List<String> tables) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw Errors.database("counting CRM tables", db.safeUrl(), e);
        }
        return out;
    }
}
