package dev.crmmigrate.resolve;

import dev.crmmigrate.Errors;
import dev.crmmigrate.load.StageTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the load is expected to change, computed in Spark from the staged rows. The loader reports what it actually
 * changed under the same names; verify compares the two.
 *
 * <p>The staged rows are already the changes, judged against the CRM by {@link Changes} when they were staged, so an
 * insert-only table's figure is its count of distinct keys: reading the CRM again and repeating each anti-join cost
 * most of a small import's planning (86 Spark jobs, 6 of its 22 seconds at scale 0.01). Only the two tables whose
 * staged rows mix inserts and updates, emails and organizations, are split against the CRM. A row that reaches the
 * CRM between the staging and the load is a late match, which verify allows for.
 */
public final class PlannedCounts {
    /** Counts run side by side: each is a small job that mostly waits on a JDBC read of the CRM. */
    private static final int PARALLEL = 4;

    private PlannedCounts() {}

    public static Map<String, Long> of(Map<StageTable, Dataset<Row>> staged, CrmSnapshot crm) {
        Map<String, Callable<Long>> counts = new LinkedHashMap<>();
        for (Map.Entry<StageTable, Dataset<Row>> e : staged.entrySet()) {
            Dataset<Row> s = e.getValue();
            StageTable t = e.getKey();
            switch (t) {
                case ORGANIZATIONS ->
                    counts.put(
                            "organizations_inserted",
                            () -> keys(Changes.absent(s, crm.organizations(), "name_key"), "name_key"));
                case EMAILS -> {
                    counts.put("emails_inserted", () -> keys(Changes.newEmails(s, crm.emails()), "address"));
                    counts.put("email_statuses_updated", () -> keys(Changes.raisedEmails(s, crm.emails()), "address"));
                }
                case PERSON_ENRICHMENT -> counts.put("people_enriched", s::count);
                default -> counts.put(FIGURES.get(t), () -> keys(s, KEYS.get(t)));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            Map<String, Future<Long>> running = new LinkedHashMap<>();
            counts.forEach((figure, count) -> running.put(figure, pool.submit(count)));
            Map<String, Long> planned = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Long>> f : running.entrySet()) {
                planned.put(f.getKey(), f.getValue().get());
            }
            return planned;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.runtime("interrupted while counting the plan");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : Errors.runtime(
                            "counting the plan failed: %s", e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The figure of each insert-only table. */
    private static final Map<StageTable, String> FIGURES = Map.of(
            StageTable.PHONES,
            "phones_inserted",
            StageTable.PEOPLE,
            "people_inserted",
            StageTable.PROPERTIES,
            "properties_inserted",
            StageTable.PERSON_EMAILS,
            "person_emails_inserted",
            StageTable.PERSON_PHONES,
            "person_phones_inserted",
            StageTable.PERSON_ORGANIZATIONS,
            "person_organizations_inserted",
            StageTable.CONTACT_MAP,
            "mappings_saved");

    /** The key the load writes one row per, of each insert-only table. */
    private static final Map<StageTable, String[]> KEYS = Map.of(
            StageTable.PHONES,
            new String[] {"number"},
            StageTable.PEOPLE,
            new String[] {"id"},
            StageTable.PROPERTIES,
            new String[] {"external_id"},
            StageTable.PERSON_EMAILS,
            new String[] {"person_id", "address"},
            StageTable.PERSON_PHONES,
            new String[] {"person_id", "number"},
            StageTable.PERSON_ORGANIZATIONS,
            new String[] {"person_id", "org_key"},
            StageTable.CONTACT_MAP,
            new String[] {"contact_id"});

    /** Distinct keys: the load statements write one row per key. */
    private static long keys(Dataset<Row> rows, String... key) {
        return rows.select(key[0], Arrays.copyOfRange(key, 1, key.length))
                .distinct()
                .count();
    }
}
