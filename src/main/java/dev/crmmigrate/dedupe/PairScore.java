package dev.crmmigrate.dedupe;

import static dev.crmmigrate.dedupe.PersonCandidates.CITY_KEY;
import static dev.crmmigrate.dedupe.PersonCandidates.COMMON_NAME;
import static dev.crmmigrate.dedupe.PersonCandidates.DISPLAY;
import static dev.crmmigrate.dedupe.PersonCandidates.DOB;
import static dev.crmmigrate.dedupe.PersonCandidates.DOMAINS;
import static dev.crmmigrate.dedupe.PersonCandidates.EVIDENCE;
import static dev.crmmigrate.dedupe.PersonCandidates.FC;
import static dev.crmmigrate.dedupe.PersonCandidates.FIRST_NAME;
import static dev.crmmigrate.dedupe.PersonCandidates.FN;
import static dev.crmmigrate.dedupe.PersonCandidates.JARO_WINKLER;
import static dev.crmmigrate.dedupe.PersonCandidates.KNOWN_AS;
import static dev.crmmigrate.dedupe.PersonCandidates.LAST_NAME;
import static dev.crmmigrate.dedupe.PersonCandidates.LN;
import static dev.crmmigrate.dedupe.PersonCandidates.LOCALS;
import static dev.crmmigrate.dedupe.PersonCandidates.MAX_MERGES;
import static dev.crmmigrate.dedupe.PersonCandidates.MERGE;
import static dev.crmmigrate.dedupe.PersonCandidates.MERGE_FROM;
import static dev.crmmigrate.dedupe.PersonCandidates.MERGE_OTHER;
import static dev.crmmigrate.dedupe.PersonCandidates.NAME;
import static dev.crmmigrate.dedupe.PersonCandidates.NAME_A;
import static dev.crmmigrate.dedupe.PersonCandidates.NAME_B;
import static dev.crmmigrate.dedupe.PersonCandidates.NAME_COUNT;
import static dev.crmmigrate.dedupe.PersonCandidates.NAME_LOCALS;
import static dev.crmmigrate.dedupe.PersonCandidates.NO;
import static dev.crmmigrate.dedupe.PersonCandidates.OFFICE_PHONES;
import static dev.crmmigrate.dedupe.PersonCandidates.ORGS;
import static dev.crmmigrate.dedupe.PersonCandidates.OWN_PHONES;
import static dev.crmmigrate.dedupe.PersonCandidates.PERSON_A;
import static dev.crmmigrate.dedupe.PersonCandidates.PERSON_B;
import static dev.crmmigrate.dedupe.PersonCandidates.PERSON_ID;
import static dev.crmmigrate.dedupe.PersonCandidates.PHONES;
import static dev.crmmigrate.dedupe.PersonCandidates.RAW_LOCALS;
import static dev.crmmigrate.dedupe.PersonCandidates.REVIEW;
import static dev.crmmigrate.dedupe.PersonCandidates.REVIEW_FROM;
import static dev.crmmigrate.dedupe.PersonCandidates.SCORE;
import static dev.crmmigrate.dedupe.PersonCandidates.SHARED_PHONE;
import static dev.crmmigrate.dedupe.PersonCandidates.SUGGESTED;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.levenshtein;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The comparison of candidate pairs: each evidence's level and match weight (about log2 m/u, Fellegi-Sunter style),
 * their sum, the suggestion, and the evidence a reviewer reads. The columns are {@link PersonCandidates}'.
 */
public final class PairScore {
    // Match weights (about log2 m/u).
    static final double FIRST_SAME = 4;
    static final double FIRST_CLOSE = 2.5;
    static final double FIRST_INITIAL = 1;
    static final double FIRST_DIFF = -3;
    static final double LAST_SAME = 6;
    static final double LAST_CLOSE = 4;
    static final double LAST_DIFF = -4;
    static final double SWAPPED = 8;
    static final double TOKEN_SAME = 5;
    static final double TOKEN_DIFF = -3;
    static final double EMAIL_SAME = 6;
    static final double EMAIL_FROM_NAME = 1;
    static final double EMAIL_CLOSE = 3;
    static final double EMAIL_DOMAIN = 1;
    static final double EMAIL_DIFF = -1;
    static final double PHONE_SAME = 6;
    static final double PHONE_SHARED = 1;
    static final double PHONE_DIFF = -1;
    static final double ORG_SAME = 1.5;
    // Dates of birth, measured on Splink's labelled fake_1000 (log2 m/u: same 14, one edit 6.1, two edits 3.8, within a
    // year 1.5, otherwise -2.6) and kept below it where a large CRM has more strangers born the same day.
    static final double DOB_SAME = 8;
    static final double DOB_TYPO = 5;
    static final double DOB_CLOSE = 3;
    static final double DOB_NEAR = 2;
    static final double DOB_DIFF = -3;
    static final double CITY_SAME = 2;
    static final double CITY_CLOSE = 1;
    static final double CITY_DIFF = -1;

    /**
     * Two dates of birth at most this many days apart are "within a year" (and a month: a typo in the month and the
     * year's last digit at once; on fake_1000, 366 days gave merge recall 0.878, 400 days 0.892, precision 1.0 both).
     */
    static final int NEAR_DAYS = 400;

    // Similarities computed once per compared rows.
    private static final String FF = "_first_close";
    private static final String LL = "_last_close";
    private static final String FL = "_first_last_close";
    private static final String LF = "_last_first_close";
    private static final String CITY_JW = "_city_jw";
    private static final String EMAIL_NEAR = "_email_close";
    private static final String DOB_EDITS = "_dob_edits";
    private static final String DOB_DAYS = "_dob_days";

    private PairScore() {}

    /** One comparison's level: the words the evidence column shows and the weight it adds (null: no evidence). */
    private record Level(Column text, Column weight) {}

    /** One level of a comparison: when it holds, what the evidence says and the weight it adds. */
    private record Case(Column holds, String text, double weight) {}

    /** A comparison from its levels, the first that holds wins; none: no evidence (null text and weight). */
    private static Level level(Case... cases) {
        Column text = null;
        Column weight = null;
        for (Case c : cases) {
            text = text == null ? when(c.holds(), lit(c.text())) : text.when(c.holds(), lit(c.text()));
            weight = weight == null ? when(c.holds(), lit(c.weight())) : weight.when(c.holds(), lit(c.weight()));
        }
        return new Level(text, weight);
    }

    /** Whether the two people's arrays of {@code column} share an element. */
    private static Column shared(String column) {
        return size(array_intersect(a(column), b(column))).gt(0);
    }

    private static Column a(String c) {
        return col("a." + c);
    }

    private static Column b(String c) {
        return col("b." + c);
    }

    /**
     * Scores the pairs: each comparison's weight, their sum, the suggestion, and the evidence a reviewer reads (before
     * the hub guard, {@link #hubMerges}).
     *
     * @param features {@link PersonCandidates#features} of every person
     */
    public static Dataset<Row> score(Dataset<Row> pairs, Dataset<Row> features) {
        // Each person's phones split into its own (held by few people) and office ones (held by many).
        Dataset<Row> held = features.select(col(PERSON_ID), explode(col(PHONES)).as("_phone"))
                .distinct();
        Dataset<Row> use = held.groupBy("_phone").agg(count(lit(1)).as("_people"));
        Dataset<Row> phones = held.join(use, "_phone")
                .groupBy(col(PERSON_ID).as("_pp"))
                .agg(
                        collect_set(when(col("_people").leq(SHARED_PHONE), col("_phone")))
                                .as(OWN_PHONES),
                        collect_set(when(col("_people").gt(SHARED_PHONE), col("_phone")))
                                .as(OFFICE_PHONES));
        Dataset<Row> f = features.join(phones, col(PERSON_ID).equalTo(col("_pp")), "left")
                .select(
                        col(PERSON_ID),
                        concat_ws(" ", col(FIRST_NAME), col(LAST_NAME)).as(NAME),
                        col(DISPLAY),
                        col(KNOWN_AS),
                        col(FN),
                        col(LN),
                        col(FC),
                        col(LOCALS),
                        col(RAW_LOCALS),
                        col(DOMAINS),
                        coalesce(col(OWN_PHONES), array()).as(OWN_PHONES),
                        coalesce(col(OFFICE_PHONES), array()).as(OFFICE_PHONES),
                        col(ORGS),
                        col(DOB),
                        col(CITY_KEY),
                        col(NAME_COUNT),
                        col(NAME_LOCALS));
        // A typo in an email name: not one made of the name alone, with the same digits (robert.allen7 is not
        // robert.allen9) and the same short token after its last dot when one ends it (dsmith.cg4 is not dsmith.cak4:
        // a counter after a name, not a typo).
        Column emailClose = exists(
                a(RAW_LOCALS),
                xr -> exists(
                        b(RAW_LOCALS),
                        yr -> Similarity.closeLocals(
                                xr,
                                yr,
                                array_contains(a(NAME_LOCALS), Similarity.undotted(xr)),
                                array_contains(b(NAME_LOCALS), Similarity.undotted(yr)))));
        // The string similarities, each computed once per compared rows (the levels below read them several times).
        Dataset<Row> j = pairs.join(f.as("a"), pairs.col(PERSON_A).equalTo(col("a." + PERSON_ID)))
                .join(f.as("b"), pairs.col(PERSON_B).equalTo(col("b." + PERSON_ID)))
                .withColumn(FF, Similarity.close(a(FN), b(FN)))
                .withColumn(LL, Similarity.close(a(LN), b(LN)))
                .withColumn(FL, coalesce(Similarity.close(a(FN), b(LN)), lit(false)))
                .withColumn(LF, coalesce(Similarity.close(a(LN), b(FN)), lit(false)))
                .withColumn(CITY_JW, JARO_WINKLER.apply(a(CITY_KEY), b(CITY_KEY)))
                .withColumn(EMAIL_NEAR, emailClose)
                .withColumn(DOB_EDITS, levenshtein(a(DOB), b(DOB)))
                .withColumn(DOB_DAYS, abs(datediff(try_to_date(a(DOB)), try_to_date(b(DOB)))));

        Column bothFirst = a(FC).isNotNull().and(b(FC).isNotNull());
        Column initial = length(a(FN))
                .equalTo(1)
                .or(length(b(FN)).equalTo(1))
                .and(substring(a(FN), 1, 1).equalTo(substring(b(FN), 1, 1)));
        Level first = level(
                new Case(bothFirst.and(a(FC).equalTo(b(FC))), "first name same", FIRST_SAME),
                new Case(bothFirst.and(col(FF)), "first name close", FIRST_CLOSE),
                new Case(bothFirst.and(initial), "first initial same", FIRST_INITIAL),
                new Case(bothFirst, "first name differs", FIRST_DIFF));
        Column bothLast = a(LN).isNotNull().and(b(LN).isNotNull());
        Level last = level(
                new Case(bothLast.and(a(LN).equalTo(b(LN))), "last name same", LAST_SAME),
                new Case(bothLast.and(col(LL)), "last name close", LAST_CLOSE),
                new Case(bothLast, "last name differs", LAST_DIFF));
        // One of the two known by a single name: it agrees when it is either of the other's names.
        Column oneName = a(LN).isNull()
                .and(a(FN).isNotNull())
                .and(b(FN).isNotNull())
                .or(b(LN).isNull().and(b(FN).isNotNull()).and(a(FN).isNotNull()));
        Column tokenSame = oneName.and(col(FF).or(col(FL)).or(col(LF)));
        Level token = level(
                new Case(tokenSame, "the one name known agrees", TOKEN_SAME),
                new Case(oneName, "the one name known differs", TOKEN_DIFF));
        // First and last name swapped, each the same or a typo of the other's (and not simply the same names).
        Column swapped = bothFirst
                .and(bothLast)
                .and(col(FL))
                .and(col(LF))
                .and(col(FF).and(col(LL)).unary_$bang());
        // An email name made of the person's own names says again what the names say: weak evidence, and a close
        // one none.
        Column sharedLocals = array_intersect(a(LOCALS), b(LOCALS));
        Column fromName = size(sharedLocals)
                .gt(0)
                .and(size(array_except(sharedLocals, array_union(a(NAME_LOCALS), b(NAME_LOCALS))))
                        .equalTo(0));
        Level email = level(
                new Case(fromName, "email name made of the name same", EMAIL_FROM_NAME),
                new Case(shared(LOCALS), "email name same", EMAIL_SAME),
                new Case(col(EMAIL_NEAR), "email name close", EMAIL_CLOSE),
                new Case(size(a(LOCALS)).gt(0).and(size(b(LOCALS)).gt(0)), "email names differ", EMAIL_DIFF));
        Level domain = level(new Case(shared(DOMAINS), "company email domain same", EMAIL_DOMAIN));
        Column bothPhones = size(a(OWN_PHONES))
                .plus(size(a(OFFICE_PHONES)))
                .gt(0)
                .and(size(b(OWN_PHONES)).plus(size(b(OFFICE_PHONES))).gt(0));
        Level phone = level(
                new Case(shared(OWN_PHONES), "phone same", PHONE_SAME),
                new Case(shared(OFFICE_PHONES), "shared office phone same", PHONE_SHARED),
                new Case(bothPhones, "phones differ", PHONE_DIFF));
        Level org = level(new Case(shared(ORGS), "organization same", ORG_SAME));
        Column bothDob = a(DOB).isNotNull().and(b(DOB).isNotNull());
        Column days = col(DOB_DAYS);
        Level dob = level(
                new Case(bothDob.and(a(DOB).equalTo(b(DOB))), "date of birth same", DOB_SAME),
                new Case(bothDob.and(col(DOB_EDITS).leq(1)), "date of birth one typo apart", DOB_TYPO),
                new Case(bothDob.and(col(DOB_EDITS).leq(2)), "date of birth close", DOB_CLOSE),
                new Case(
                        bothDob.and(coalesce(days.leq(NEAR_DAYS), lit(false))),
                        "date of birth within a year",
                        DOB_NEAR),
                new Case(bothDob, "dates of birth differ", DOB_DIFF));
        Column bothCity = a(CITY_KEY).isNotNull().and(b(CITY_KEY).isNotNull());
        Level city = level(
                new Case(bothCity.and(a(CITY_KEY).equalTo(b(CITY_KEY))), "city same", CITY_SAME),
                new Case(bothCity.and(col(CITY_JW).geq(0.9)), "city close", CITY_CLOSE),
                new Case(bothCity, "cities differ", CITY_DIFF));

        Column names = when(swapped, lit(SWAPPED))
                .when(oneName, token.weight())
                .otherwise(coalesce(first.weight(), lit(0.0)).plus(coalesce(last.weight(), lit(0.0))));
        Column score = names;
        for (Level l : List.of(email, domain, phone, org, dob, city)) {
            score = score.plus(coalesce(l.weight(), lit(0.0)));
        }
        Column nameAgrees = swapped.or(tokenSame)
                .or(last.weight()
                        .geq(LAST_CLOSE)
                        .and(first.weight().isNull().or(first.weight().gt(0))));
        Column nonName = score.minus(names);
        // A full name many people share, with nothing else that agrees, is not a duplicate worth a review.
        Column common = greatest(coalesce(a(NAME_COUNT), lit(0L)), coalesce(b(NAME_COUNT), lit(0L)))
                .gt(COMMON_NAME);
        Column strongOther = dob.weight()
                .equalTo(DOB_SAME)
                .or(email.weight().geq(EMAIL_CLOSE))
                .or(phone.weight().equalTo(PHONE_SAME));
        // Names that do not disagree (none on one side, a contact with only an address and a date of birth, or one that
        // agrees and one that differs): two strong agreements besides the names are needed.
        Column strongCount = when(coalesce(dob.weight(), lit(0.0)).geq(DOB_TYPO), 1)
                .otherwise(0)
                .plus(when(coalesce(email.weight(), lit(0.0)).geq(EMAIL_CLOSE), 1)
                        .otherwise(0))
                .plus(when(coalesce(phone.weight(), lit(0.0)).equalTo(PHONE_SAME), 1)
                        .otherwise(0));
        Column evidence = concat_ws(
                "; ",
                when(a(KNOWN_AS).or(b(KNOWN_AS)), concat(lit("compared as "), a(NAME), lit(" / "), b(NAME))),
                when(swapped, concat(lit("first and last name swapped "), signed(lit(SWAPPED)))),
                when(swapped.unary_$bang().and(oneName), concat(token.text(), lit(" "), signed(token.weight()))),
                when(
                        swapped.unary_$bang()
                                .and(oneName.unary_$bang())
                                .and(first.text().isNotNull()),
                        concat(first.text(), lit(" "), signed(first.weight()))),
                when(
                        swapped.unary_$bang()
                                .and(oneName.unary_$bang())
                                .and(last.text().isNotNull()),
                        concat(last.text(), lit(" "), signed(last.weight()))),
                evidence(email),
                evidence(domain),
                evidence(phone),
                evidence(org),
                evidence(dob),
                evidence(city));
        Column merge = score.geq(MERGE_FROM)
                .and(coalesce(nameAgrees, lit(false))
                        .and(coalesce(strongOther, lit(false))
                                // without a strong agreement, a name few people share and some other evidence
                                // (a close date of birth)
                                .or(common.unary_$bang().and(nonName.geq(MERGE_OTHER))))
                        .or(names.geq(0).and(strongCount.geq(2))));
        // Each pair compared through every two rows of its people: the best comparison counts.
        Column suggested = when(merge, lit(MERGE))
                .when(score.geq(REVIEW_FROM).and(common.unary_$bang().or(nonName.gt(3))), lit(REVIEW))
                .otherwise(lit(NO));
        Dataset<Row> scored = j.select(
                        col(PERSON_A),
                        col(PERSON_B),
                        struct(
                                        col("a." + DISPLAY).as(NAME_A),
                                        col("b." + DISPLAY).as(NAME_B),
                                        round(score, 1).as(SCORE),
                                        suggested.as(SUGGESTED),
                                        evidence.as(EVIDENCE))
                                .as("_c"),
                        struct(round(score, 1), evidence).as("_rank"))
                .groupBy(PERSON_A, PERSON_B)
                .agg(max_by(col("_c"), col("_rank")).as("_c"))
                .select(col(PERSON_A), col(PERSON_B), col("_c.*"));
        return scored;
    }

    /**
     * The merge suggestions to downgrade to {@code review}: every one of a person in more than {@link
     * PersonCandidates#MAX_MERGES} suggested merges (either side), a hub (a shared address, a placeholder). Read from
     * the scored pairs once written: the merges are few, so this needs no sort of every compared pair.
     *
     * @return (person_a, person_b) of the merges to review
     */
    public static Dataset<Row> hubMerges(Dataset<Row> scored) {
        Dataset<Row> merges = scored.where(col(SUGGESTED).equalTo(MERGE)).select(col(PERSON_A), col(PERSON_B));
        Dataset<Row> hubs = merges.select(
                        explode(array(col(PERSON_A), col(PERSON_B))).as("_hub"))
                .groupBy("_hub")
                .agg(count(lit(1)).as("_merges"))
                .where(col("_merges").gt(MAX_MERGES))
                .select("_hub");
        return merges.join(
                hubs, col(PERSON_A).equalTo(col("_hub")).or(col(PERSON_B).equalTo(col("_hub"))), "left_semi");
    }

    private static Column evidence(Level l) {
        return when(l.text().isNotNull(), concat(l.text(), lit(" "), signed(l.weight())));
    }

    private static Column signed(Column w) {
        return concat(when(w.geq(0), lit("+")).otherwise(lit("")), regexp_replace(w.cast("string"), "\\.0$", ""));
    }
}
