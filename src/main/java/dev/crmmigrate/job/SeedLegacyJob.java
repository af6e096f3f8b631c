package dev.crmmigrate.job;

import dev.crmmigrate.Errors;
import dev.crmmigrate.Secrets;
import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
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

    /** {@code auth.users} as {@code "auth"."users"}. */
    private static String qualified(String table) {
        int dot = table.indexOf('.');
        return dot < 0
                ? Identifiers.quoteAny(table)
                : Identifiers.quoteQualified(table.substring(0, dot), table.substring(dot + 1));
    }

    /**
     * The file's header, parsed as CSV and checked against the table's columns, each name quoted: a header is data,
     * and never becomes SQL ({@code email) FROM PROGRAM '…'} is a column that does not exist).
     */
    static String columns(Connection c, String table, Path file) throws SQLException, IOException {
        List<String> header;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.RFC4180.parse(r)) {
            var first = p.iterator();
            if (!first.hasNext()) {
                throw Errors.config("legacy CSV %s is empty: line 1 must name the columns of %s", file, table);
            }
            header = first.next().toList();
        } catch (UncheckedIOException e) {
            throw Errors.config("legacy CSV %s, line 1: the header is not valid CSV (%s)", file, e.getMessage());
        }
        Set<String> known = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = "
                + "to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
        }
        List<String> quoted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name =
                    header.get(i).startsWith("\uFEFF") && i == 0 ? header.get(i).substring(1) : header.get(i);
            if (!known.contains(name)) {
                throw Errors.config(
                        "legacy CSV %s, line 1, column %d: '%s' is not a column of %s; its columns are: %s",
                        file, i + 1, Secrets.scrub(name), table, String.join(", ", known));
            }
            if (!seen.add(name)) {
                throw Errors.config("legacy CSV %s, line 1, column %d: '%s' appears twice", file, i + 1, name);
            }
            quoted.add(Identifiers.quoteAny(name));
        }
        return String.join(", ", quoted);
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
                String sql = "COPY " + qualified(e.getKey()) + " (" + columns(c, e.getKey(), file)
                        + ") FROM STDIN WITH (FORMAT csv, HEADER true)";
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
