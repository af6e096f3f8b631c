package dev.crmmigrate.job;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * {@code seed-legacy}: creates the legacy tables (demo/test migration location) and loads the generated legacy CSVs
 * with COPY, in one transaction: the stand-in for the production database. Re-seeding replaces the tables' rows.
 */
public final class SeedLegacyJob {
    /** legacy table → its CSV under {@code <dir>/legacy/}, in foreign-key order. */
    static final Map<String, String> FILES = orderedFiles();

    private static Map<String, String> orderedFiles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("auth.users", "auth_users.csv");
        m.put("contacts", "contacts.csv");
        m.put("campaign_recipients", "campaign_recipients.csv");
        m.put("email_queue", "email_queue.csv");
        return m;
    }

    private SeedLegacyJob() {}

    /** True when the database already has a legacy contacts table with rows. */
    public static boolean hasContacts(Database db) {
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select to_regclass('contacts') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return false;
            }
            try (ResultSet n = st.executeQuery("select exists (select 1 from contacts)")) {
                n.next();
                return n.getBoolean(1);
            }
        } catch (SQLException e) {
            throw Errors.database("looking for the legacy contacts table", db.safeUrl(), e);
        }
    }

    public static Map<String, Long> run(Database db, Path demoDir) {
        Path dir = demoDir.resolve("legacy");
        for (String f : FILES.values()) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw Errors.missingInput("legacy CSV " + f + " (run 'crm-migrate generate' first)", dir.resolve(f));
            }
        }
        SchemaMigrator.migrate(db, SchemaMigrator.Location.LEGACY);
        Map<String, Long> loaded = new LinkedHashMap<>();
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // The legacy signup trigger must not turn seeded users into extra contacts.
                st.execute("ALTER TABLE auth.users DISABLE TRIGGER on_auth_user_created");
                List<String> reversed = new ArrayList<>(FILES.keySet());
                Collections.reverse(reversed);
                st.execute("TRUNCATE " + String.join(", ", reversed));
            }
            for (Map.Entry<String, String> e : FILES.entrySet()) {
                Path file = dir.resolve(e.getValue());
                String header =
                        Files.newBufferedReader(file, StandardCharsets.UTF_8).readLine();
                String sql = "COPY " + e.getKey() + " (" + header + ") FROM STDIN WITH (FORMAT csv, HEADER true)";
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    loaded.put(
                            e.getKey(),
                            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, r));
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE auth.users ENABLE TRIGGER on_auth_user_created");
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw Errors.database("seeding the legacy tables from " + dir, db.safeUrl(), e);
        }
        return loaded;
    }
}
