package dev.crmmigrate.normalize;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** The normalizers as Spark Column expressions, so that every job applies exactly the same rules. */
public final class NormalizeColumns {
  private NormalizeColumns() {}

  private static final UserDefinedFunction EMAIL_REASON = functions.udf(
      (UDF1<String, String>) Emails::invalidReason, DataTypes.StringType);
  private static final UserDefinedFunction E164 = functions.udf(
      (UDF2<String, String, String>) (raw, region) -> Phones.e164(raw, region), DataTypes.StringType);
  private static final UserDefinedFunction PHONE_REASON = functions.udf(
      (UDF2<String, String, String>) (raw, region) -> Phones.normalize(raw, region).reason(), DataTypes.StringType);

  /** Trimmed, lower-cased email; null when blank. (Built-ins: no UDF cost.) */
  public static Column email(Column raw) {
    Column t = lower(trim(raw));
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

  /** The import's organization key: trimmed and lower-cased (case-insensitive exact match). */
  public static Column orgExactKey(Column name) {
    Column t = lower(trim(name));
    return when(t.equalTo(lit("")), lit(null).cast("string")).otherwise(t);
  }

  /** The trimmed name itself; null when blank. */
  public static Column trimmed(Column raw) {
    Column t = trim(raw);
    return when(t.equalTo(lit("")), lit(null).cast("string")).otherwise(t);
  }

  /** The audit's suffix-stripping company key. */
  public static Column companyKey(Column name, List<String> suffixes) {
    List<String> s = List.copyOf(suffixes);
    return functions.udf((UDF1<String, String>) n -> CompanyKeys.normalized(n, s), DataTypes.StringType).apply(name);
  }
}
