package dev.crmmigrate.normalize;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** The normalizers as Spark Column expressions, so that every job applies exactly the same rules. */
public final class NormalizeColumns {
    private NormalizeColumns() {}

    private static final UserDefinedFunction EMAIL_REASON =
            functions.udf((UDF1<String, String>) Emails::invalidReason, DataTypes.StringType);
    private static final UserDefinedFunction E164 = functions.udf(
            (UDF2<String, String, String>) (raw, region) -> Phones.e164(raw, region), DataTypes.StringType);
    private static final UserDefinedFunction PHONE_REASON = functions.udf(
            (UDF2<String, String, String>)
                    (raw, region) -> Phones.normalize(raw, region).reason(),
            DataTypes.StringType);

    /**
     * The column {@link #sanitize} adds: array of struct(field, value, reason, repair), one element per field of the
     * row that was rejected (reason: over its {@link FieldLimit}) or repaired (repair: untyped characters removed).
     */
    public static final String FIELD_ISSUES = "_field_issues";

    /**
     * Passes every listed column through the {@link Sanitizer} and its {@link FieldLimit}: untyped characters are
     * removed (a repair), a value over its limit becomes null (a field reject); the record itself always stays. What
     * happened to each field is kept in {@link #FIELD_ISSUES}, with the raw value, for the rejects table.
     */
    public static Dataset<Row> sanitize(Dataset<Row> ds, Map<String, FieldLimit> fields) {
        List<Column> issues = new ArrayList<>();
        for (Map.Entry<String, FieldLimit> f : fields.entrySet()) {
            Column raw = col(f.getKey()).cast("string");
            Column removed = length(raw).minus(length(cleaned(raw)));
            issues.add(struct(
                    lit(f.getKey()).as("field"),
                    raw.as("value"),
                    when(tooLong(raw, f.getValue()), lit(f.getValue().reason())).as("reason"),
                    when(removed.gt(0), concat(lit("removed "), removed.cast("string"), lit(" control character(s)")))
                            .as("repair")));
        }
        Dataset<Row> out = ds.withColumn(
                FIELD_ISSUES,
                issues.isEmpty()
                        ? array().cast("array<struct<field:string,value:string,reason:string,repair:string>>")
                        : filter(
                                array(issues.toArray(Column[]::new)),
                                i -> i.getField("reason")
                                        .isNotNull()
                                        .or(i.getField("repair").isNotNull())));
        for (Map.Entry<String, FieldLimit> f : fields.entrySet()) {
            Column raw = col(f.getKey()).cast("string");
            out = out.withColumn(
                    f.getKey(),
                    when(tooLong(raw, f.getValue()), lit(null).cast("string")).otherwise(cleaned(raw)));
        }
        return out;
    }

    private static Column cleaned(Column raw) {
        return regexp_replace(raw, lit(Sanitizer.UNTYPED_REGEX), lit(""));
    }

    private static Column tooLong(Column raw, FieldLimit limit) {
        return length(cleaned(raw)).gt(limit.maxChars);
    }

    private static final UserDefinedFunction LOWER_CASE =
            functions.udf((UDF1<String, String>) Emails::lowerCase, DataTypes.StringType);

    /** Trimmed of spaces (as PostgreSQL's {@code btrim}), lower-cased ({@link Emails#lowerCase}); null when blank. */
    public static Column email(Column raw) {
        Column t = LOWER_CASE.apply(trim(raw));
        return when(t.equalTo(lit("")), lit(null).cast("string")).otherwise(t);
    }

    /** Why a normalized email is invalid, or null. */
    public static Column emailInvalidReason(Column normalized) {
        return when(normalized.isNull(), lit(null).cast("string")).otherwise(EMAIL_REASON.apply(normalized));
    }

    public static Column e164(Column raw, String region) {
        return E164.apply(raw, lit(region));
    }

    public static Column phoneInvalidReason(Column raw, String region) {
        return PHONE_REASON.apply(raw, lit(region));
    }

    private static final UserDefinedFunction ORG_EXACT =
            functions.udf((UDF1<String, String>) CompanyKeys::exact, DataTypes.StringType);

    /**
     * The import's organization key (case-insensitive exact match): {@link CompanyKeys#exact}, lower-cased per
     * character
     * as the database's unique index on {@code lower(name)} is, not by Spark's {@code lower} (which applies Java's
     * context rules).
     */
    public static Column orgExactKey(Column name) {
        return ORG_EXACT.apply(name);
    }

    /** The trimmed name itself; null when blank. */
    public static Column trimmed(Column raw) {
        Column t = trim(raw);
        return when(t.equalTo(lit("")), lit(null).cast("string")).otherwise(t);
    }

    /** The audit's suffix-stripping company key. */
    public static Column companyKey(Column name, List<String> suffixes) {
        List<String> s = List.copyOf(suffixes);
        return functions
                .udf((UDF1<String, String>) n -> CompanyKeys.normalized(n, s), DataTypes.StringType)
                .apply(name);
    }
}
