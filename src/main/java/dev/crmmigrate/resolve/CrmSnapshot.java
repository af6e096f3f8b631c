package dev.crmmigrate.resolve;

import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.source.JdbcSource;
import dev.crmmigrate.stage.StagedTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The CRM as the imports see it when they plan: each table read lazily with partitioned JDBC queries, junctions
 * already joined to their natural keys (address, number, organization key).
 */
public final class CrmSnapshot {
    private final SparkSession spark;
    private final Database db;
    private final String s;

    public CrmSnapshot(SparkSession spark, Database db) {
        this.spark = spark;
        this.db = db;
        this.s = Identifiers.quote(db.schema()) + ".";
    }

    /** Reads {@code sql} split on {@code key}, in partitions sized to {@code driving}, the table it reads most of. */
    private Dataset<Row> q(String sql, String key, String driving) {
        return JdbcSource.query(spark, db, "(" + sql + ") q", key, s + driving);
    }

    /** The natural keys the CRM holds for a staged table, under the staged table's key column names. */
    public Dataset<Row> naturalKeys(dev.crmmigrate.stage.StagedTable t) {
        return switch (t) {
            case ORGANIZATIONS -> organizations();
            case PHONES -> phones();
            case PEOPLE -> people();
            case PROPERTIES -> properties();
            case PERSON_EMAILS -> personEmails();
            case PERSON_PHONES -> personPhones();
            case PERSON_ORGANIZATIONS -> personOrganizations();
            case CONTACT_MAP -> contactMap();
            case EMAILS -> emails();
            case PERSON_ENRICHMENT -> throw new IllegalArgumentException(t + " updates rows; it has no keys to hold");
        };
    }

    /** id, address, status */
    public Dataset<Row> emails() {
        return q("select id::text as id, address, status from " + s + "emails", "id", "emails");
    }

    /** id, number */
    public Dataset<Row> phones() {
        return q("select id::text as id, number from " + s + "phones", "id", "phones");
    }

    /** id, name, name_key */
    public Dataset<Row> organizations() {
        return q(
                "select id::text as id, name, " + StagedTable.organizationKey("name") + " as name_key from " + s
                        + "organizations",
                "id",
                "organizations");
    }

    /** id, tags, lead_status, user_id, created_at */
    public Dataset<Row> people() {
        return q(
                "select id::text as id, tags, lead_status, user_id::text as user_id, created_at from " + s + "people",
                "id",
                "people");
    }

    /** person_id, address, person_created_at */
    public Dataset<Row> personEmails() {
        return q(
                "select pe.person_id::text as person_id, e.address, p.created_at as person_created_at from " + s
                        + "person_emails pe " + "join " + s + "emails e on e.id = pe.email_id join " + s
                        + "people p on p.id = pe.person_id",
                "person_id",
                "person_emails");
    }

    /** person_id, number */
    public Dataset<Row> personPhones() {
        return q(
                "select pp.person_id::text as person_id, ph.number from " + s + "person_phones pp join " + s
                        + "phones ph on ph.id = pp.phone_id",
                "person_id",
                "person_phones");
    }

    /** person_id, org_key */
    public Dataset<Row> personOrganizations() {
        return q(
                "select po.person_id::text as person_id, lower(o.name) as org_key from " + s
                        + "person_organizations po join " + s + "organizations o on o.id = po.organization_id",
                "person_id",
                "person_organizations");
    }

    /** external_id */
    public Dataset<Row> properties() {
        return q("select external_id from " + s + "properties", "external_id", "properties");
    }

    /** contact_id */
    public Dataset<Row> contactMap() {
        return q(
                "select contact_id::text as contact_id from " + s + "contact_person_map",
                "contact_id",
                "contact_person_map");
    }

    /** address, sources: where the CRM got each email (the import_source of the people linked to it). */
    public Dataset<Row> emailSources() {
        return q(
                "select e.address, array_agg(distinct coalesce(p.details->>'import_source', 'other') order by "
                        + "coalesce(p.details->>'import_source', 'other')) as sources from " + s + "emails e join " + s
                        + "person_emails pe on pe.email_id = e.id join " + s
                        + "people p on p.id = pe.person_id group by e.address",
                "address",
                "person_emails");
    }

    /** id, name, sources: where each organization came from (its people's import_source; property owners are qozb). */
    public Dataset<Row> organizationSources() {
        return q(
                "select o.id::text as id, o.name, array_remove(array_agg(distinct src), null) as sources from " + s
                        + "organizations o "
                        + "left join (select po.organization_id, p.details->>'import_source' as src from " + s
                        + "person_organizations po join "
                        + s + "people p on p.id = po.person_id union all select owner_organization_id, 'qozb' from " + s
                        + "properties) l on l.organization_id = o.id group by o.id, o.name",
                "id",
                "organizations");
    }

    /** organization_id, domain: the email domains of each organization's people. */
    public Dataset<Row> organizationDomains() {
        return q(
                "select distinct po.organization_id::text as organization_id, split_part(e.address, '@', 2) as "
                        + "domain from "
                        + s + "person_organizations po join " + s
                        + "person_emails pe on pe.person_id = po.person_id join " + s
                        + "emails e on e.id = pe.email_id",
                "organization_id",
                "person_emails");
    }

    /** organization_id, phone_id: phones of each organization's people and properties. */
    public Dataset<Row> organizationPhones() {
        return q(
                "select distinct po.organization_id::text as organization_id, pp.phone_id::text as phone_id from " + s
                        + "person_organizations po join " + s
                        + "person_phones pp on pp.person_id = po.person_id union select "
                        + "owner_organization_id::text, phone_id::text from " + s
                        + "properties where owner_organization_id is not null "
                        + "and phone_id is not null",
                "organization_id",
                "person_organizations");
    }
}
