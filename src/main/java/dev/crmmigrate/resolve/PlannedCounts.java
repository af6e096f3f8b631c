package dev.crmmigrate.resolve;

import dev.crmmigrate.Errors;
import dev.crmmigrate.stage.ChangePlan;
import dev.crmmigrate.stage.Figure;
import dev.crmmigrate.stage.StagedTable;
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

    /**
     * The planned counts of a change plan whose rows are already the changes (judged against the CRM when staged):
     * read from the figures its write observed, no job of their own.
     */
    public static Map<String, Long> of(ChangePlan.Staged plan) {
        Map<String, Long> planned = new LinkedHashMap<>();
        for (StagedTable t : plan.tables().keySet()) {
            switch (t) {
                case EMAILS -> {
                    planned.put(Figure.EMAILS_INSERTED, plan.keys(t, ChangePlan.INSERT));
                    planned.put(Figure.EMAIL_STATUSES_UPDATED, plan.keys(t, ChangePlan.UPDATE));
                }
                case PERSON_ENRICHMENT ->
                    planned.put(Figure.PEOPLE_ENRICHED, plan.rows().get(t));
                default -> planned.put(t.insertFigure(), plan.keys(t, ChangePlan.INSERT));
            }
        }
        return planned;
    }

    /**
     * The planned counts of a source import (staged rows that are everything its input holds): a table the CRM holds
     * no row of yet gets every distinct key of the plan, read from the figures its write observed; only the others
     * are counted against the CRM. The first import into an empty CRM then costs no counting job at all.
     *
     * @param crmRows the CRM's row count of each table, by name ({@link StagedTable#target}); a table not in it is
     *     counted against the CRM
     */
    public static Map<String, Long> ofSource(ChangePlan.Staged plan, CrmSnapshot crm, Map<String, Long> crmRows) {
        Map<StagedTable, Dataset<Row>> held = new LinkedHashMap<>();
        plan.tables().forEach((t, rows) -> {
            if (crmRows.getOrDefault(t.target, -1L) != 0) {
                held.put(t, rows);
            }
        });
        Map<String, Long> counted = held.isEmpty() ? Map.of() : of(held, crm, false);
        Map<String, Long> planned = new LinkedHashMap<>();
        of(plan).forEach((figure, observed) -> planned.put(figure, counted.getOrDefault(figure, observed)));
        return planned;
    }

    public static Map<String, Long> of(Map<StagedTable, Dataset<Row>> staged, CrmSnapshot crm) {
        return of(staged, crm, true);
    }

    /**
     * @param judged true when the staged rows are already the changes (the contacts import judged them against the
     *               CRM); false when they are everything an input holds (a QOZB or Family Office import, whose load
     *               skips the rows the CRM has): then every insert-only table is split against the CRM by its natural
     *               key, so that a second import plans, and changes, nothing
     */
    public static Map<String, Long> of(Map<StagedTable, Dataset<Row>> staged, CrmSnapshot crm, boolean judged) {
        Map<String, Callable<Long>> counts = new LinkedHashMap<>();
        for (Map.Entry<StagedTable, Dataset<Row>> e : staged.entrySet()) {
            Dataset<Row> s = e.getValue();
            StagedTable t = e.getKey();
            switch (t) {
                case ORGANIZATIONS ->
                    counts.put(
                            Figure.ORGANIZATIONS_INSERTED,
                            () -> keys(Changes.absent(s, crm.organizations(), t.keyColumns()), t.keyColumns()));
                case EMAILS -> {
                    counts.put(Figure.EMAILS_INSERTED, () -> keys(Changes.newEmails(s, crm.emails()), t.keyColumns()));
                    counts.put(
                            Figure.EMAIL_STATUSES_UPDATED,
                            () -> keys(Changes.raisedEmails(s, crm.emails()), t.keyColumns()));
                }
                case PERSON_ENRICHMENT -> counts.put(Figure.PEOPLE_ENRICHED, s::count);
                default ->
                    counts.put(
                            t.insertFigure(),
                            judged
                                    ? () -> keys(s, t.keyColumns())
                                    : () -> keys(
                                            Changes.absent(s, crm.naturalKeys(t), t.keyColumns()), t.keyColumns()));
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

    /** Distinct keys: the load statements write one row per key. */
    private static long keys(Dataset<Row> rows, String... key) {
        return rows.select(key[0], Arrays.copyOfRange(key, 1, key.length))
                .distinct()
                .count();
    }
}
