package dev.crmmigrate.followup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.normalize.NormalizeColumns;
import java.util.List;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Organization near-duplicate candidates ("Greystar" / "Greystar LLC" / "Greystar Real Estate Partners"): the import
 * merges organizations only on the case-insensitive exact name, so look-alikes stay apart until a person decides.
 * Pairs come from blocks (the first word of the suffix-stripped name) scored by Jaro-Winkler similarity of those
 * names plus evidence — shared email domains of the linked people (freemail excluded) and shared phones. Nothing is
 * merged here: the output is a review list.
 */
public final class OrgCandidates {
    /** Pairs below this similarity are not candidates. */
    public static final double MIN_SIMILARITY = 0.75;

    private static final UserDefinedFunction JARO_WINKLER = functions.udf(
            (UDF2<String, String, Double>)
                    (a, b) -> a == null || b == null ? null : new JaroWinklerSimilarity().apply(a, b),
            DataTypes.DoubleType);

    private OrgCandidates() {}

    /** (id, name, key, block) of every organization with a normalized name. */
    public static Dataset<Row> blocked(Dataset<Row> orgs, List<String> suffixes) {
        return orgs.withColumn("key", NormalizeColumns.companyKey(col("name"), suffixes))
                .where(col("key").isNotNull())
                .withColumn("block", element_at(split(col("key"), " "), 1))
                .select("id", "name", "key", "block");
    }

    /** Candidate pairs within blocks (a.id &lt; b.id) with their name similarity. */
    public static Dataset<Row> pairs(Dataset<Row> blocked) {
        Dataset<Row> a = blocked.toDF("a_id", "a_name", "a_key", "block");
        Dataset<Row> b = blocked.toDF("b_id", "b_name", "b_key", "b_block");
        return a.join(
                        b,
                        a.col("block")
                                .equalTo(b.col("b_block"))
                                .and(a.col("a_id").lt(b.col("b_id"))))
                .withColumn("similarity", round(JARO_WINKLER.apply(col("a_key"), col("b_key")), 3))
                .where(col("similarity").geq(MIN_SIMILARITY))
                .select("a_id", "a_name", "b_id", "b_name", "a_key", "b_key", "similarity");
    }

    /** How many of a pair's organizations' values (domains, phones) they share. */
    static Dataset<Row> shared(Dataset<Row> pairs, Dataset<Row> byOrg, String value, String as) {
        Dataset<Row> x = byOrg.toDF("x_org", "x_value");
        Dataset<Row> y = byOrg.toDF("y_org", "y_value");
        return pairs.select("a_id", "b_id")
                .join(x, col("a_id").equalTo(col("x_org")))
                .join(y, col("b_id").equalTo(col("y_org")).and(col("x_value").equalTo(col("y_value"))))
                .groupBy("a_id", "b_id")
                .agg(count(lit(1)).as(as));
    }

    /**
     * Scored candidates: score = 0.6 × similarity + 0.15 when the suffix-stripped names are equal + 0.25 when people
     * share a (non-freemail) email domain + 0.15 when they share a phone, capped at 1.
     *
     * @param domains (organization_id, domain) of linked people, freemail already removed
     * @param phones  (organization_id, phone_id)
     */
    public static Dataset<Row> score(Dataset<Row> pairs, Dataset<Row> domains, Dataset<Row> phones) {
        Dataset<Row> d = shared(pairs, domains, "domain", "shared_domains");
        Dataset<Row> p = shared(pairs, phones, "phone", "shared_phones");
        List<String> keys = List.of("a_id", "b_id");
        Column sd = functions.coalesce(col("shared_domains"), lit(0L));
        Column sp = functions.coalesce(col("shared_phones"), lit(0L));
        Column score = col("similarity")
                .multiply(0.6)
                .plus(when(col("a_key").equalTo(col("b_key")), 0.15).otherwise(0.0))
                .plus(when(sd.gt(0), 0.25).otherwise(0.0))
                .plus(when(sp.gt(0), 0.15).otherwise(0.0));
        return pairs.join(d, CollectionConverters.asScala(keys).toSeq(), "left")
                .join(p, CollectionConverters.asScala(keys).toSeq(), "left")
                .select(
                        col("a_id"),
                        col("a_name"),
                        col("b_id"),
                        col("b_name"),
                        col("similarity"),
                        sd.as("shared_domains"),
                        sp.as("shared_phones"),
                        round(least(score, lit(1.0)), 3).as("score"));
    }
}
