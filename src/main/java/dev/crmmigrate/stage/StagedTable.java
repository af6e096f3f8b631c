package dev.crmmigrate.stage;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The staged outputs an import hands to the loader, each declared once: its columns (one Spark schema, one UNLOGGED
 * PostgreSQL staging table), the CRM table and columns the load writes (checked by the preflight before anything is
 * written), the natural key it writes one row per, and the statements of the load transaction with the figure each
 * reports. The planned counts, the change rules, the preflight, the direct COPY and the loader all read this.
 *
 * <p>Junction rows carry natural keys (address, number, organization key), never ids of other rows: the load resolves
 * them against the CRM inside its transaction, so ids are always the ones the CRM really holds.
 *
 * <p>Statements name their parameters ({@code :lead_scale}, {@code :email_statuses}, {@code :run_id}) and their
 * staging table ({@code {stg}}); the loader binds them by name, so a {@code ?} (a jsonb operator) in a statement is
 * never taken for a parameter.
 */
public enum StagedTable {
    ORGANIZATIONS(
            "organizations",
            List.of("id"),
            "id uuid, name text, name_key text, org_type text, details jsonb",
            "id uuid, name text, org_type text, details jsonb",
            List.of("name_key"),
            "(" + organizationKey("name") + ")",
            false,
            new Statement(
                    Figure.ORGANIZATIONS_INSERTED,
                    "INSERT INTO organizations (id, name, org_type, details) "
                            + "SELECT DISTINCT ON (name_key) id, name, org_type, coalesce(details, '{}') FROM {stg} "
                            + "ORDER BY name_key, name ON CONFLICT ((" + organizationKey("name") + ")) DO NOTHING"),
            // Empty details of an organization are filled from what an import saw; filled ones are never overwritten.
            Statement.update(
                    Figure.ORGANIZATIONS_ENRICHED,
                    "o",
                    List.of("details", "updated_at"),
                    "UPDATE organizations o SET details = s.details, updated_at = now() "
                            + "FROM (SELECT DISTINCT ON (name_key) name_key, details FROM {stg} "
                            + "ORDER BY name_key, name) s "
                            + "WHERE lower(o.name) = s.name_key AND o.details = '{}'::jsonb "
                            + "AND s.details IS NOT NULL AND s.details <> '{}'::jsonb")),
    // The plans stage one row per key of emails and people (grouped in Spark), so no DISTINCT ON sort is needed:
    // NOT EXISTS lets PostgreSQL skip known rows with one hash anti-join instead of a conflict per row, ORDER BY feeds
    // the unique index in key order, and ON CONFLICT still guards against a concurrent writer.
    EMAILS(
            "emails",
            List.of("id"),
            "id uuid, address text, status text, metadata jsonb",
            "id uuid, address text, status text, metadata jsonb",
            List.of("address"),
            "(address)",
            true,
            new Statement(
                    Figure.EMAILS_INSERTED,
                    "INSERT INTO emails (id, address, status, metadata) "
                            + "SELECT s.id, s.address, s.status, coalesce(s.metadata, '{}') FROM {stg} s "
                            + "WHERE NOT EXISTS (SELECT 1 FROM emails e WHERE e.address = s.address) "
                            + "ORDER BY s.address ON CONFLICT (address) DO NOTHING"),
            // Sticky statuses: only ever raised along Emails.STATUS_ORDER, never cleared by a merge; a staged
            // 'active' can upgrade nothing, so only the flagged staged rows are joined.
            Statement.update(
                    Figure.EMAIL_STATUSES_UPDATED,
                    "e",
                    List.of("status", "metadata", "updated_at"),
                    "UPDATE emails e SET status = s.status, metadata = e.metadata || coalesce(s.metadata, '{}'), "
                            + "updated_at = now() "
                            + "FROM (SELECT DISTINCT ON (address) address, status, metadata FROM {stg} "
                            + "WHERE status <> 'active' ORDER BY address) s "
                            + "WHERE e.address = s.address "
                            + "AND array_position(:email_statuses, s.status) "
                            + "> array_position(:email_statuses, e.status)")),
    PHONES(
            "phones",
            List.of("id"),
            "id uuid, number text",
            "id uuid, number text",
            List.of("number"),
            "(number)",
            false,
            new Statement(
                    Figure.PHONES_INSERTED,
                    "INSERT INTO phones (id, number) SELECT DISTINCT ON (number) id, number FROM {stg} "
                            + "ORDER BY number ON CONFLICT (number) DO NOTHING")),
    PEOPLE(
            "people",
            List.of("id"),
            "id uuid, first_name text, last_name text, tags text[], lead_status text, user_id uuid, details jsonb, "
                    + "created_at timestamptz",
            "id uuid, first_name text, last_name text, tags text[], lead_status text, user_id uuid, details jsonb, "
                    + "created_at timestamptz",
            List.of("id"),
            "(id)",
            true,
            new Statement(
                    Figure.PEOPLE_INSERTED,
                    "INSERT INTO people (id, first_name, last_name, tags, lead_status, user_id, details, created_at) "
                            + "SELECT s.id, s.first_name, s.last_name, coalesce(s.tags, '{}'), s.lead_status, "
                            + "s.user_id, coalesce(s.details, '{}'), coalesce(s.created_at, now()) FROM {stg} s "
                            + "WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = s.id) "
                            + "ORDER BY s.id ON CONFLICT (id) DO NOTHING")),
    PERSON_ENRICHMENT(
            "people",
            List.of("id"),
            "person_id uuid, tags text[], lead_status text, user_id uuid",
            "id uuid, tags text[], lead_status text, user_id uuid, updated_at timestamptz",
            List.of("person_id"),
            null,
            false,
            // Tags are a union, the lead status only rises along rules.lead_status_scale, a user id only fills a gap.
            Statement.update(
                    Figure.PEOPLE_ENRICHED,
                    "p",
                    List.of("tags", "lead_status", "user_id", "updated_at"),
                    "UPDATE people p SET "
                            + "tags = ARRAY(SELECT DISTINCT t FROM unnest(p.tags || coalesce(s.tags, '{}')) t "
                            + "ORDER BY t), "
                            + "lead_status = CASE WHEN coalesce(array_position(:lead_scale, s.lead_status), 0) > "
                            + "coalesce(array_position(:lead_scale, p.lead_status), 0) "
                            + "THEN s.lead_status ELSE p.lead_status END, "
                            + "user_id = coalesce(p.user_id, s.user_id), updated_at = now() "
                            + "FROM {stg} s WHERE p.id = s.person_id AND (NOT (p.tags @> coalesce(s.tags, '{}')) "
                            + "OR coalesce(array_position(:lead_scale, s.lead_status), 0) > "
                            + "coalesce(array_position(:lead_scale, p.lead_status), 0) "
                            + "OR (p.user_id IS NULL AND s.user_id IS NOT NULL))")),
    PROPERTIES(
            "properties",
            List.of("id"),
            "id uuid, external_id text, name text, address text, city text, state text, postal_code text, "
                    + "owner_key text, phone_number text, details jsonb",
            "id uuid, external_id text, name text, address text, city text, state text, postal_code text, "
                    + "owner_organization_id uuid, phone_id uuid, details jsonb",
            List.of("external_id"),
            "(external_id)",
            false,
            new Statement(
                    Figure.PROPERTIES_INSERTED,
                    "INSERT INTO properties (id, external_id, name, address, city, state, postal_code, "
                            + "owner_organization_id, phone_id, details) "
                            + "SELECT DISTINCT ON (s.external_id) s.id, s.external_id, s.name, s.address, "
                            + "s.city, s.state, s.postal_code, o.id, ph.id, coalesce(s.details, '{}') FROM {stg} s "
                            + "LEFT JOIN organizations o ON lower(o.name) = s.owner_key "
                            + "LEFT JOIN phones ph ON ph.number = s.phone_number "
                            + "ORDER BY s.external_id ON CONFLICT (external_id) DO NOTHING")),
    PERSON_EMAILS(
            "person_emails",
            List.of("person_id", "email_id"),
            "person_id uuid, address text, source text",
            "person_id uuid, email_id uuid, source text",
            List.of("person_id", "address"),
            "(person_id, email_id)",
            false,
            new Statement(
                    Figure.PERSON_EMAILS_INSERTED,
                    "INSERT INTO person_emails (person_id, email_id, source) "
                            + "SELECT DISTINCT ON (s.person_id, e.id) s.person_id, e.id, s.source FROM {stg} s "
                            + "JOIN emails e ON e.address = s.address JOIN people p ON p.id = s.person_id "
                            + "ORDER BY s.person_id, e.id, s.source ON CONFLICT DO NOTHING")),
    PERSON_PHONES(
            "person_phones",
            List.of("person_id", "phone_id"),
            "person_id uuid, number text, source text",
            "person_id uuid, phone_id uuid, source text",
            List.of("person_id", "number"),
            "(person_id, phone_id)",
            false,
            new Statement(
                    Figure.PERSON_PHONES_INSERTED,
                    "INSERT INTO person_phones (person_id, phone_id, source) "
                            + "SELECT DISTINCT ON (s.person_id, ph.id) s.person_id, ph.id, s.source FROM {stg} s "
                            + "JOIN phones ph ON ph.number = s.number JOIN people p ON p.id = s.person_id "
                            + "ORDER BY s.person_id, ph.id, s.source ON CONFLICT DO NOTHING")),
    PERSON_ORGANIZATIONS(
            "person_organizations",
            List.of("person_id", "organization_id"),
            "person_id uuid, org_key text, title text",
            "person_id uuid, organization_id uuid, title text",
            List.of("person_id", "org_key"),
            "(person_id, organization_id)",
            false,
            new Statement(
                    Figure.PERSON_ORGANIZATIONS_INSERTED,
                    "INSERT INTO person_organizations (person_id, organization_id, title) "
                            + "SELECT DISTINCT ON (s.person_id, o.id) s.person_id, o.id, s.title FROM {stg} s "
                            + "JOIN organizations o ON lower(o.name) = s.org_key JOIN people p ON p.id = s.person_id "
                            + "ORDER BY s.person_id, o.id, s.title NULLS LAST ON CONFLICT DO NOTHING")),
    CONTACT_MAP(
            "contact_person_map",
            List.of("contact_id"),
            "contact_id uuid, person_id uuid, address text, user_id uuid, is_first boolean",
            "contact_id uuid, person_id uuid, email_id uuid, user_id uuid, is_first bool, run_id text",
            List.of("contact_id"),
            "(contact_id)",
            false,
            new Statement(
                    Figure.MAPPINGS_SAVED,
                    "INSERT INTO contact_person_map (contact_id, person_id, email_id, user_id, is_first, run_id) "
                            + "SELECT DISTINCT ON (s.contact_id) s.contact_id, s.person_id, e.id, s.user_id, "
                            + "s.is_first, :run_id FROM {stg} s LEFT JOIN emails e ON e.address = s.address "
                            + "ORDER BY s.contact_id ON CONFLICT (contact_id) DO NOTHING"));

    /**
     * One statement of the load transaction and the figure its row count is reported as. An insert logs the primary
     * key of each row it inserts in the change log; an update logs the before- and after-image of the columns it
     * writes, read through {@code alias}, the statement's name for the target row.
     *
     * @param sql with {@code {stg}} for this table's staging table and {@code :name} parameters; no RETURNING clause
     *     (the loader adds the one the change log needs)
     * @param alias null for an insert
     * @param writes the columns an update writes; empty for an insert
     */
    public record Statement(String figure, String sql, String alias, List<String> writes) implements Serializable {
        /** An INSERT statement. */
        public Statement(String figure, String sql) {
            this(figure, sql, null, List.of());
        }

        /** An UPDATE of the target, which it calls {@code alias}, writing {@code writes}. */
        public static Statement update(String figure, String alias, List<String> writes, String sql) {
            return new Statement(figure, sql, alias, List.copyOf(writes));
        }

        public boolean isUpdate() {
            return alias != null;
        }
    }

    /** A staged column: its name and PostgreSQL type. */
    public record Col(String name, String pgType) implements Serializable {
        public DataType sparkType() {
            return switch (pgType) {
                case "text[]" -> DataTypes.createArrayType(DataTypes.StringType, true);
                case "timestamptz" -> DataTypes.TimestampType;
                case "boolean" -> DataTypes.BooleanType;
                default -> DataTypes.StringType;
            };
        }
    }

    public final String target;
    /** The target's primary key: what the change log records of a row this table's load inserts or updates. */
    public final List<String> rowKey;

    public final List<Col> columns;
    /** The CRM columns the load writes, with their catalogue type names (information_schema udt_name). */
    public final Map<String, String> targetColumns;
    /** The natural key: the load writes one row per distinct key, and a row whose key the CRM holds is no change. */
    public final List<String> key;
    /**
     * The unique index the statements' {@code ON CONFLICT} relies on, as a fragment of its definition ({@code null}:
     * the table is only updated); the preflight checks that the CRM has it.
     */
    public final String conflictTarget;
    /** Whether an empty target takes its rows by a direct COPY (its first statement is a plain insert). */
    public final boolean directCopy;
    /** The statements of the load transaction, in order; the first one's figure counts the inserts. */
    public final List<Statement> statements;

    StagedTable(
            String target,
            List<String> rowKey,
            String columns,
            String targetColumns,
            List<String> key,
            String conflictTarget,
            boolean directCopy,
            Statement... statements) {
        this.target = target;
        this.rowKey = rowKey;
        this.columns = cols(columns);
        Map<String, String> t = new LinkedHashMap<>();
        cols(targetColumns).forEach(c -> t.put(c.name(), catalogueType(c.pgType())));
        this.targetColumns = Collections.unmodifiableMap(t);
        this.key = key;
        this.conflictTarget = conflictTarget;
        this.directCopy = directCopy;
        this.statements = List.of(statements);
    }

    /** A type as the catalogue names it: an array of {@code text} is {@code _text} in information_schema. */
    static String catalogueType(String sqlType) {
        return sqlType.endsWith("[]") ? "_" + sqlType.substring(0, sqlType.length() - 2) : sqlType;
    }

    /**
     * The organization key of the CRM's unique index, over the SQL expression {@code name}: organizations match
     * case-insensitively and exactly.
     */
    public static String organizationKey(String name) {
        return "lower(" + name + ")";
    }

    /** "name type, name type, …" as columns. */
    private static List<Col> cols(String spec) {
        List<Col> out = new ArrayList<>();
        for (String c : spec.split(",")) {
            String[] nameType = c.trim().split(" ");
            out.add(new Col(nameType[0], nameType[1]));
        }
        return List.copyOf(out);
    }

    /** The figure of the table's inserts (or of its only update), reported by its first statement. */
    public String insertFigure() {
        return statements.get(0).figure();
    }

    /** The key columns as an array, for {@code select} and joins. */
    public String[] keyColumns() {
        return key.toArray(String[]::new);
    }

    /** The Spark schema staged rows of this kind must have (column order matters for COPY). */
    public StructType schema() {
        return new StructType(columns.stream()
                .map(c -> new StructField(c.name(), c.sparkType(), true, Metadata.empty()))
                .toArray(StructField[]::new));
    }

    public String[] columnNames() {
        return columns.stream().map(Col::name).toArray(String[]::new);
    }

    /** Name of the Delta stage folder and of the PostgreSQL staging table. */
    public String stageName() {
        return "stg_" + name().toLowerCase(Locale.ROOT);
    }

    public static List<StagedTable> all() {
        return Arrays.asList(values());
    }

    /** Selects the table's columns in order, cast to their Spark types; a missing column is an error. */
    public static Dataset<Row> conform(Dataset<Row> ds, StagedTable table) {
        return ds.select(table.columns.stream()
                .map(c -> col(c.name()).cast(c.sparkType()).as(c.name()))
                .toArray(Column[]::new));
    }
}
