package dev.crmmigrate.load;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The staged outputs an import hands to the loader: one Spark schema, one UNLOGGED PostgreSQL staging table each,
 * and the CRM table and columns the load writes from it (checked by the preflight before anything is written).
 * Junction rows carry natural keys (address, number, organization key), never ids of other rows: the load resolves
 * them against the CRM inside its transaction, so ids are always the ones the CRM really holds.
 */
public enum StageTable {
    ORGANIZATIONS(
            "organizations",
            cols("id", "uuid", "name", "text", "name_key", "text", "org_type", "text", "details", "jsonb"),
            Map.of("id", "uuid", "name", "text", "org_type", "text", "details", "jsonb")),
    EMAILS(
            "emails",
            cols("id", "uuid", "address", "text", "status", "text", "metadata", "jsonb"),
            Map.of("id", "uuid", "address", "text", "status", "text", "metadata", "jsonb")),
    PHONES("phones", cols("id", "uuid", "number", "text"), Map.of("id", "uuid", "number", "text")),
    PEOPLE(
            "people",
            cols(
                    "id",
                    "uuid",
                    "first_name",
                    "text",
                    "last_name",
                    "text",
                    "tags",
                    "text[]",
                    "lead_status",
                    "text",
                    "user_id",
                    "uuid",
                    "details",
                    "jsonb",
                    "created_at",
                    "timestamptz"),
            Map.of(
                    "id",
                    "uuid",
                    "first_name",
                    "text",
                    "last_name",
                    "text",
                    "tags",
                    "_text",
                    "lead_status",
                    "text",
                    "user_id",
                    "uuid",
                    "details",
                    "jsonb",
                    "created_at",
                    "timestamptz")),
    PERSON_ENRICHMENT(
            "people",
            cols("person_id", "uuid", "tags", "text[]", "lead_status", "text", "user_id", "uuid"),
            Map.of(
                    "id",
                    "uuid",
                    "tags",
                    "_text",
                    "lead_status",
                    "text",
                    "user_id",
                    "uuid",
                    "updated_at",
                    "timestamptz")),
    PROPERTIES(
            "properties",
            cols(
                    "id",
                    "uuid",
                    "external_id",
                    "text",
                    "name",
                    "text",
                    "address",
                    "text",
                    "city",
                    "text",
                    "state",
                    "text",
                    "postal_code",
                    "text",
                    "owner_key",
                    "text",
                    "phone_number",
                    "text",
                    "details",
                    "jsonb"),
            Map.of(
                    "id",
                    "uuid",
                    "external_id",
                    "text",
                    "name",
                    "text",
                    "address",
                    "text",
                    "city",
                    "text",
                    "state",
                    "text",
                    "postal_code",
                    "text",
                    "owner_organization_id",
                    "uuid",
                    "phone_id",
                    "uuid",
                    "details",
                    "jsonb")),
    PERSON_EMAILS(
            "person_emails",
            cols("person_id", "uuid", "address", "text", "source", "text"),
            Map.of("person_id", "uuid", "email_id", "uuid", "source", "text")),
    PERSON_PHONES(
            "person_phones",
            cols("person_id", "uuid", "number", "text", "source", "text"),
            Map.of("person_id", "uuid", "phone_id", "uuid", "source", "text")),
    PERSON_ORGANIZATIONS(
            "person_organizations",
            cols("person_id", "uuid", "org_key", "text", "title", "text"),
            Map.of("person_id", "uuid", "organization_id", "uuid", "title", "text")),
    CONTACT_MAP(
            "contact_person_map",
            cols(
                    "contact_id",
                    "uuid",
                    "person_id",
                    "uuid",
                    "address",
                    "text",
                    "user_id",
                    "uuid",
                    "is_first",
                    "boolean"),
            Map.of(
                    "contact_id",
                    "uuid",
                    "person_id",
                    "uuid",
                    "email_id",
                    "uuid",
                    "user_id",
                    "uuid",
                    "is_first",
                    "bool",
                    "run_id",
                    "text"));

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
    public final List<Col> columns;
    /** The CRM columns the load writes, with their catalogue type names (information_schema udt_name). */
    public final Map<String, String> targetColumns;

    StageTable(String target, List<Col> columns, Map<String, String> targetColumns) {
        this.target = target;
        this.columns = columns;
        this.targetColumns = targetColumns;
    }

    private static List<Col> cols(String... nameType) {
        Col[] out = new Col[nameType.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Col(nameType[2 * i], nameType[2 * i + 1]);
        }
        return List.of(out);
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

    public static List<StageTable> all() {
        return Arrays.asList(values());
    }
}
