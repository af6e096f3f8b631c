package dev.crmmigrate.bench;

import dev.crmmigrate.Errors;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.verify.TableCounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The SQL peer: the contacts import written as the set-based SQL a user could run inside PostgreSQL instead of
 * crm-migrate ({@value #SCRIPT}, the same rules, UUID v5 ids through uuid-ossp), in one transaction. The benchmark
 * times it beside the import; the differential test uses it as the independent reference.
 */
public final class SqlPeer {
    public static final String SCRIPT = "/bench/contacts_import_sql_peer.sql";
    /** The CRM tables the contacts import writes. */
    public static final List<String> TABLES = List.of(
            "people",
            "emails",
            "phones",
            "organizations",
            "person_emails",
            "person_phones",
            "person_organizations",
            "contact_person_map");

    /**
     * Phones in E.164 as a user's script would normalize US numbers without libphonenumber: the extension dropped,
     * digits only, a valid NANP area code and exchange, with or without the leading 1.
     */
    static final String NANP_PHONES = "CREATE TEMP TABLE peer_phone_e164 AS "
            + "SELECT raw, CASE WHEN d ~ '^1?[2-9][0-9]{2}[2-9][0-9]{6}$' THEN '+1' || right(d, 10) END AS e164 "
            + "FROM (SELECT DISTINCT phone_number AS raw, regexp_replace(regexp_replace(phone_number, "
            + "'\\s*(x|ext\\.?|#)\\s*[0-9]+\\s*$', '', 'i'), '[^0-9]', '', 'g') AS d FROM contacts "
            + "WHERE phone_number IS NOT NULL) s";

    private SqlPeer() {}

    /** The peer's statements. */
    public static String script() {
        try (InputStream in = SqlPeer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SCRIPT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the peer on a database holding the legacy contacts and the CRM, in one transaction.
     *
     * @param nanpPhones normalize phones by {@link #NANP_PHONES} inside the transaction (the benchmark); otherwise the
     *                   caller has filled {@code peer_phone_e164}
     * @return seconds the transaction took, commit included
     */
    public static double run(Database db, boolean nanpPhones) {
        String sql = script();
        long t = System.nanoTime();
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            if (nanpPhones) {
                st.execute(NANP_PHONES);
            }
            st.execute(sql);
            c.commit();
        } catch (SQLException e) {
            throw Errors.database("the SQL peer", db.safeUrl(), e);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    /** Row counts of the CRM tables the import writes. */
    public static Map<String, Long> counts(Database db) {
        return TableCounts.of(db, TABLES);
    }
}
