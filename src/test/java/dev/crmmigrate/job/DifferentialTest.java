package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.bench.SqlPeer;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.support.MessyFixture;
import dev.crmmigrate.support.Slow;
import dev.crmmigrate.support.TestDatabase;
import dev.crmmigrate.support.TestJobs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark pipeline against an independent reference: the contacts-import rules written a second time as plain
 * set-based SQL inside PostgreSQL ({@code bench/contacts_import_sql_peer.sql}). Fresh messy fixtures from many seeds
 * ({@link MessyFixture}, 50 by default, {@code -Dcrm.diff.seeds=500} by hand) share one legacy table under disjoint key
 * spaces; the pipeline migrates one copy, the reference the other, and every CRM table must come out the same, row for
 * row, ids included (both derive UUID v5 of the same natural keys). A difference prints its seeds and first rows.
 */
@Slow(seconds = 35)
class DifferentialTest {
    /** Each CRM table as the comparison sees it: every column that the import decides, none that a clock does. */
    static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put(
                "people",
                "select id, first_name, last_name, tags, lead_status, user_id, details::text, created_at from people");
        TABLES.put("emails", "select id, address, status, metadata::text from emails");
        TABLES.put("phones", "select id, number from phones");
        TABLES.put("organizations", "select id, name, org_type, details::text from organizations");
        TABLES.put("person_emails", "select person_id, email_id, source from person_emails");
        TABLES.put("person_phones", "select person_id, phone_id, source from person_phones");
        TABLES.put("person_organizations", "select person_id, organization_id, title from person_organizations");
        TABLES.put(
                "contact_person_map",
                "select contact_id, person_id, email_id, user_id, is_first from contact_person_map");
    }

    private static final Pattern SEED_TAG = Pattern.compile("\\bs(\\d+)[ .@-]", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path dir;

    @Test
    void thePipelineAndTheSqlReferenceBuildTheSameCrm() throws Exception {
        int seeds = Integer.getInteger("crm.diff.seeds", 50);
        Database pipeline = fixture("diff_pipeline", seeds);
        Database reference = fixture("diff_reference", seeds);

        ContactsImportJob.run(TestJobs.context(pipeline, dir.resolve("work")), "differential");
        runReference(reference);

        long contacts = TestDatabase.count(reference, "select count(*) from contacts");
        long mapped = TestDatabase.count(reference, "select count(*) from contact_person_map");
        assertThat(mapped)
                .as("the fixture must exercise both migrated and skipped contacts")
                .isBetween(1L, contacts - 1);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            TreeSet<String> p = rows(pipeline, t.getValue());
            TreeSet<String> r = rows(reference, t.getValue());
            List<String> onlyPipeline =
                    p.stream().filter(x -> !r.contains(x)).limit(5).toList();
            List<String> onlyReference =
                    r.stream().filter(x -> !p.contains(x)).limit(5).toList();
            if (!onlyPipeline.isEmpty() || !onlyReference.isEmpty()) {
                differences.add(t.getKey() + " (pipeline " + p.size() + " rows, reference " + r.size() + "), seeds "
                        + seedsOf(onlyPipeline, onlyReference) + "\n  only in the pipeline:  "
                        + String.join("\n    ", onlyPipeline)
                        + "\n  only in the reference: " + String.join("\n    ", onlyReference));
            }
        }
        assertThat(differences)
                .as("%d seeds, %d contacts: the pipeline and the SQL reference differ in", seeds, contacts)
                .isEmpty();
        System.out.printf(
                "differential: %d seeds, %d contacts (%d mapped): all %d CRM tables equal%n",
                seeds, contacts, mapped, TABLES.size());
    }

    static Database fixture(String name, int seeds) {
        Database db = TestDatabase.freshDatabase(name);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.LEGACY);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        MessyFixture.load(db, 1, seeds + 1);
        return db;
    }

    static void runReference(Database db) {
        SqlPeer.run(db, false);
    }

    static TreeSet<String> rows(Database db, String sql) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (Connection c = db.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    values.add(md.getColumnLabel(i) + "=" + rs.getString(i));
                }
                out.add(String.join(" | ", values));
            }
        }
        return out;
    }

    private static String seedsOf(List<String> a, List<String> b) {
        TreeSet<Integer> seeds = new TreeSet<>();
        for (String row : a.isEmpty() ? b : a) {
            Matcher m = SEED_TAG.matcher(row);
            while (m.find()) {
                seeds.add(Integer.parseInt(m.group(1)));
            }
        }
        for (String row : b) {
            Matcher m = SEED_TAG.matcher(row);
            while (m.find()) {
                seeds.add(Integer.parseInt(m.group(1)));
            }
        }
        return seeds.isEmpty()
                ? "(not named in these rows)"
                : seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
