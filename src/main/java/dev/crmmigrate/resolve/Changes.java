package dev.crmmigrate.resolve;

import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.normalize.Emails;
import dev.crmmigrate.spark.SparkCols;
import dev.crmmigrate.stage.ChangePlan;
import dev.crmmigrate.stage.StagedTable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which staged rows change the CRM, judged against the CRM as a snapshot shows it: the rows the load statements
 * would insert or update, and nothing else. An import that stages only these sends nothing to PostgreSQL for what the
 * CRM already holds, so a re-run of an import costs a plan, not a second load. The loader's statements still skip
 * known rows themselves (a row may arrive between the plan and the load); this only spares sending them.
 *
 * <p>Each rule is the exact counterpart of one load statement (see {@code PgLoader}); {@link PlannedCounts} counts
 * the same rows, so what the plan expects and what it stages cannot drift apart.
 */
public final class Changes {
    private static final String[] EMAIL_STATUSES = Emails.STATUS_ORDER.toArray(String[]::new);

    private Changes() {}

    /** The staged rows of {@code table} that the load would write, against {@code crm}. */
    public static Dataset<Row> of(StagedTable table, Dataset<Row> staged, CrmSnapshot crm, List<String> leadScale) {
        return switch (table) {
            case ORGANIZATIONS -> organizations(staged, crm.organizations());
            case EMAILS -> emails(staged, crm.emails());
            case PERSON_ENRICHMENT -> enriching(staged, crm.people(), leadScale);
            case PHONES -> absent(staged, crm.phones(), table.keyColumns());
            case PEOPLE -> absent(staged, crm.people(), table.keyColumns());
            case PROPERTIES -> absent(staged, crm.properties(), table.keyColumns());
            case PERSON_EMAILS -> absent(staged, crm.personEmails(), table.keyColumns());
            case PERSON_PHONES -> absent(staged, crm.personPhones(), table.keyColumns());
            case PERSON_ORGANIZATIONS -> absent(staged, crm.personOrganizations(), table.keyColumns());
            case CONTACT_MAP -> absent(staged, crm.contactMap(), table.keyColumns());
        };
    }

    /**
     * As {@link #of}, with a {@link ChangePlan#OP} column where a table's rows mix inserts and updates (emails,
     * organizations): what the change plan counts its planned inserts and updates by.
     */
    public static Dataset<Row> marked(StagedTable table, Dataset<Row> staged, CrmSnapshot crm, List<String> leadScale) {
        return switch (table) {
            case ORGANIZATIONS -> organizationsMarked(staged, crm.organizations());
            case EMAILS -> emailsMarked(staged, crm.emails());
            default -> of(table, staged, crm, leadScale);
        };
    }

    /** Staged rows whose key (all of {@code key}'s columns, same names on both sides) the CRM does not hold. */
    public static Dataset<Row> absent(Dataset<Row> staged, Dataset<Row> existing, String... key) {
        Dataset<Row> keys = existing.select(key[0], Arrays.copyOfRange(key, 1, key.length));
        Column on = null;
        for (String k : key) {
            Column eq = staged.col(k).equalTo(keys.col(k));
            on = on == null ? eq : on.and(eq);
        }
        return staged.join(keys, on, "left_anti");
    }

    /**
     * Emails the CRM does not hold or holds with a lower status: {@link #newEmails} and {@link #raisedEmails} in one
     * outer join, so the CRM's emails are read once (3.3 M rows over JDBC at scale 100), not once for each rule.
     */
    public static Dataset<Row> emails(Dataset<Row> staged, Dataset<Row> crmEmails) {
        return emailsMarked(staged, crmEmails).drop(ChangePlan.OP);
    }

    private static Dataset<Row> emailsMarked(Dataset<Row> staged, Dataset<Row> crmEmails) {
        Dataset<Row> e =
                crmEmails.select(col("address").as("crm_address"), col("status").as("crm_status"));
        Column rank = array_position(SparkCols.strings(EMAIL_STATUSES), staged.col("status"));
        Column was = array_position(SparkCols.strings(EMAIL_STATUSES), e.col("crm_status"));
        return staged.join(e, staged.col("address").equalTo(e.col("crm_address")), "left")
                .where(e.col("crm_address").isNull().or(rank.gt(was)))
                .select(
                        staged.col("*"),
                        when(e.col("crm_address").isNull(), lit(ChangePlan.INSERT))
                                .otherwise(lit(ChangePlan.UPDATE))
                                .as(ChangePlan.OP));
    }

    /** Emails whose address the CRM does not hold (the INSERT). */
    public static Dataset<Row> newEmails(Dataset<Row> staged, Dataset<Row> crmEmails) {
        return absent(staged, crmEmails, "address");
    }

    /** Emails the CRM holds with a lower status than staged (the sticky status UPDATE). */
    public static Dataset<Row> raisedEmails(Dataset<Row> staged, Dataset<Row> crmEmails) {
        Dataset<Row> e = crmEmails.select("address", "status");
        Column rank = array_position(SparkCols.strings(EMAIL_STATUSES), staged.col("status"));
        Column was = array_position(SparkCols.strings(EMAIL_STATUSES), e.col("status"));
        return staged.join(e, staged.col("address").equalTo(e.col("address")))
                .where(rank.gt(was))
                .select(staged.col("*"));
    }

    /**
     * New organizations, and known ones whose empty details the staged row would fill (the INSERT and the enrichment
     * UPDATE).
     */
    public static Dataset<Row> organizations(Dataset<Row> staged, Dataset<Row> crmOrganizations) {
        return organizationsMarked(staged, crmOrganizations).drop(ChangePlan.OP);
    }

    private static Dataset<Row> organizationsMarked(Dataset<Row> staged, Dataset<Row> crmOrganizations) {
        Column fills =
                staged.col("details").isNotNull().and(staged.col("details").notEqual(lit("{}")));
        return absent(staged, crmOrganizations.select(crmOrganizations.col("name_key")), "name_key")
                .withColumn(ChangePlan.OP, lit(ChangePlan.INSERT))
                .unionByName(staged.where(fills)
                        .join(crmOrganizations.select("name_key"), "name_key")
                        .select(staged.columns()[0], Arrays.copyOfRange(staged.columns(), 1, staged.columns().length))
                        .withColumn(ChangePlan.OP, lit(ChangePlan.UPDATE)));
    }

    /** Enrichment rows that add a tag, raise the lead status or fill an empty user id (the enrichment UPDATE). */
    public static Dataset<Row> enriching(Dataset<Row> staged, Dataset<Row> crmPeople, List<String> leadScale) {
        Dataset<Row> p = crmPeople.select("id", "tags", "lead_status", "user_id");
        String[] scale = leadScale.toArray(String[]::new);
        Column newRank = coalesce(array_position(SparkCols.strings(scale), staged.col("lead_status")), lit(0));
        Column oldRank = coalesce(array_position(SparkCols.strings(scale), p.col("lead_status")), lit(0));
        Column tagsGrow = size(array_except(
                        coalesce(staged.col("tags"), SparkCols.strings()),
                        coalesce(p.col("tags"), SparkCols.strings())))
                .gt(0);
        Column userFill = p.col("user_id").isNull().and(staged.col("user_id").isNotNull());
        return staged.join(p, staged.col("person_id").equalTo(p.col("id")))
                .where(tagsGrow.or(newRank.gt(oldRank)).or(userFill))
                .select(staged.col("*"));
    }
}
