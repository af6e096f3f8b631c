package dev.crmmigrate.dedupe;

import static dev.crmmigrate.dedupe.PersonCandidates.CITY_KEY;
import static dev.crmmigrate.dedupe.PersonCandidates.COMMON_NAME;
import static dev.crmmigrate.dedupe.PersonCandidates.DOB;
import static dev.crmmigrate.dedupe.PersonCandidates.DOMAINS;
import static dev.crmmigrate.dedupe.PersonCandidates.EVIDENCE;
import static dev.crmmigrate.dedupe.PersonCandidates.FC;
import static dev.crmmigrate.dedupe.PersonCandidates.FIRST_NAME;
import static dev.crmmigrate.dedupe.PersonCandidates.FN;
import static dev.crmmigrate.dedupe.PersonCandidates.JARO_WINKLER;
import static dev.crmmigrate.dedupe.PersonCandidates.LAST_NAME;
import static dev.crmmigrate.dedupe.PersonCandidates.LN;
import static dev.crmmigrate.dedupe.PersonCandidates.LOCALS;
import static dev.crmmigrate.dedupe.PersonCandidates.MAX_MERGES;
import static dev.crmmigrate.dedupe.PersonCandidates.MERGE;
import static dev.crmmigrate.dedupe.PersonCandidates.MERGE_FROM;
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
import static dev.crmmigrate.dedupe.PersonCandidates.REVIEW;
import static dev.crmmigrate.dedupe.PersonCandidates.REVIEW_FROM;
import static dev.crmmigrate.dedupe.PersonCandidates.SCORE;
import static dev.crmmigrate.dedupe.PersonCandidates.SHARED_PHONE;
import static dev.crmmigrate.dedupe.PersonCandidates.SUGGESTED;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.array_intersect;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.levenshtein;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

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
    static final double DOB_SAME = 8;
    static final double DOB_CLOSE = 3;
    static final double DOB_DIFF = -5;
    static final double CITY_SAME = 2;
    static final double CITY_CLOSE = 1;
    static final double CITY_DIFF = -1;

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

    /**
     * Whether an email name is made of a person's names: the last name (or its last word) with the first name or its
     * initial.
     */
    static Column madeOfName(Column local, Column first, Column last) {
        Column fn = regexp_replace(first, "[^a-z]", "");
        Column ln = regexp_replace(last, "[^a-z]", "");
        // The last word of a last name of several ("De la Cruz": cruz) is a name too.
        Column lastWord = regexp_replace(substring_index(last, " ", -1), "[^a-z]", "");
        return coalesce(
                length(ln)
                        .gt(2)
                        .and(local.contains(ln).or(length(lastWord).gt(2).and(local.contains(lastWord))))
                        .and(local.contains(fn)
                                .or(local.startsWith(substring(fn, 1, 1)))
                                .or(local.startsWith(ln))),
                lit(false));
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
     * Scores the pairs: each comparison's weight, their sum, the suggestion, and the evidence a reviewer reads.
     *
     * @param features {@link PersonCandidates#features} of every person
     */
    public static Dataset<Row> score(Dataset<Row> pairs, Dataset<Row> features) {
        // Each person's phones split into its own (held by few people) and office ones (held by many).
        Dataset<Row> held = features.select(col(PERSON_ID), explode(col(PHONES)).as("_phone"));
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
                        col(FN),
                        col(LN),
                        col(FC),
                        col(LOCALS),
                        col(DOMAINS),
                        coalesce(col(OWN_PHONES), array()).as(OWN_PHONES),
                        coalesce(col(OFFICE_PHONES), array()).as(OFFICE_PHONES),
                        col(ORGS),
                        col(DOB),
                        col(CITY_KEY),
                        col(NAME_COUNT),
                        col(NAME_LOCALS));
        Dataset<Row> j = pairs.join(f.as("a"), pairs.col(PERSON_A).equalTo(col("a." + PERSON_ID)))
                .join(f.as("b"), pairs.col(PERSON_B).equalTo(col("b." + PERSON_ID)));

        Column bothFirst = a(FC).isNotNull().and(b(FC).isNotNull());
        Column initial = length(a(FN))
                .equalTo(1)
                .or(length(b(FN)).equalTo(1))
                .and(substring(a(FN), 1, 1).equalTo(substring(b(FN), 1, 1)));
        Level first = level(
                new Case(bothFirst.and(a(FC).equalTo(b(FC))), "first name same", FIRST_SAME),
                new Case(bothFirst.and(close(a(FN), b(FN))), "first name close", FIRST_CLOSE),
                new Case(bothFirst.and(initial), "first initial same", FIRST_INITIAL),
                new Case(bothFirst, "first name differs", FIRST_DIFF));
        Column bothLast = a(LN).isNotNull().and(b(LN).isNotNull());
        Level last = level(
                new Case(bothLast.and(a(LN).equalTo(b(LN))), "last name same", LAST_SAME),
                new Case(bothLast.and(close(a(LN), b(LN))), "last name close", LAST_CLOSE),
                new Case(bothLast, "last name differs", LAST_DIFF));
        // One of the two known by a single name: it agrees when it is either of the other's names.
        Column oneName = a(LN).isNull()
                .and(a(FN).isNotNull())
                .and(b(FN).isNotNull())
                .or(b(LN).isNull().and(b(FN).isNotNull()).and(a(FN).isNotNull()));
        Column tokenSame = oneName.and(close(a(FN), b(FN))
                .or(close(a(FN), coalesce(b(LN), lit(""))))
                .or(close(coalesce(a(LN), lit("")), b(FN))));
        Level token = level(
                new Case(tokenSame, "the one name known agrees", TOKEN_SAME),
                new Case(oneName, "the one name known differs", TOKEN_DIFF));
        // First and last name swapped, each the same or a typo of the other's (and not simply the same names).
        Column swapped = bothFirst
                .and(bothLast)
                .and(close(a(FN), b(LN)))
                .and(close(a(LN), b(FN)))
                .and(close(a(FN), b(FN)).and(close(a(LN), b(LN))).unary_$bang());
        // An email name made of the person's own names says again what the names say: weak evidence, and a close
        // one none.
        Column sharedLocals = array_intersect(a(LOCALS), b(LOCALS));
        Column fromName = size(sharedLocals)
                .gt(0)
                .and(size(array_except(sharedLocals, array_union(a(NAME_LOCALS), b(NAME_LOCALS))))
                        .equalTo(0));
        Column emailClose = exists(
                array_except(a(LOCALS), a(NAME_LOCALS)),
                x -> exists(
                        array_except(b(LOCALS), b(NAME_LOCALS)),
                        y -> levenshtein(x, y).leq(2).and(length(x).geq(5))));
        Level email = level(
                new Case(fromName, "email name made of the name same", EMAIL_FROM_NAME),
                new Case(shared(LOCALS), "email name same", EMAIL_SAME),
                new Case(emailClose, "email name close", EMAIL_CLOSE),
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
        Level dob = level(
                new Case(bothDob.and(a(DOB).equalTo(b(DOB))), "date of birth same", DOB_SAME),
                new Case(bothDob.and(levenshtein(a(DOB), b(DOB)).leq(2)), "date of birth close", DOB_CLOSE),
                new Case(bothDob, "dates of birth differ", DOB_DIFF));
        Column bothCity = a(CITY_KEY).isNotNull().and(b(CITY_KEY).isNotNull());
        Level city = level(
                new Case(bothCity.and(a(CITY_KEY).equalTo(b(CITY_KEY))), "city same", CITY_SAME),
                new Case(
                        bothCity.and(
                                JARO_WINKLER.apply(a(CITY_KEY), b(CITY_KEY)).geq(0.9)),
                        "city close",
                        CITY_CLOSE),
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
        // Both names agree (or are swapped): then the score's other evidence may be weaker (a close date of birth).
        Column nameFull = swapped.or(first.weight().gt(0).and(last.weight().geq(LAST_CLOSE)));
        Column nonName = score.minus(names);
        // A full name many people share, with nothing else that agrees, is not a duplicate worth a review.
        Column common = greatest(coalesce(a(NAME_COUNT), lit(0L)), coalesce(b(NAME_COUNT), lit(0L)))
                .gt(COMMON_NAME);
        Column strongOther = dob.weight()
                .equalTo(DOB_SAME)
                .or(email.weight().geq(EMAIL_CLOSE))
                .or(phone.weight().equalTo(PHONE_SAME));
        Column evidence = concat_ws(
                "; ",
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
        Dataset<Row> scored = j.select(
                col(PERSON_A),
                col(PERSON_B),
                col("a." + NAME).as(NAME_A),
                col("b." + NAME).as(NAME_B),
                round(score, 1).as(SCORE),
                when(
                                score.geq(MERGE_FROM)
                                        .and(coalesce(nameAgrees, lit(false)))
                                        .and(coalesce(strongOther, lit(false))
                                                .or(coalesce(nameFull, lit(false))
                                                        // a close date of birth is enough only for a full name
                                                        // few people share
                                                        .and(common.unary_$bang())
                                                        .and(coalesce(dob.weight(), lit(0.0))
                                                                .geq(DOB_CLOSE)))),
                                lit(MERGE))
                        .when(score.geq(REVIEW_FROM).and(common.unary_$bang().or(nonName.gt(3))), lit(REVIEW))
                        .otherwise(lit(NO))
                        .as(SUGGESTED),
                evidence.as(EVIDENCE));
        // A person in too many suggested merges is a hub (a shared address, a placeholder): review them all.
        Column merges = col(SUGGESTED).equalTo(MERGE).cast("int");
        return scored.withColumn("_ma", sum(merges).over(Window.partitionBy(PERSON_A)))
                .withColumn("_mb", sum(merges).over(Window.partitionBy(PERSON_B)))
                .withColumn(
                        SUGGESTED,
                        when(
                                        col(SUGGESTED)
                                                .equalTo(MERGE)
                                                .and(greatest(col("_ma"), col("_mb"))
                                                        .gt(MAX_MERGES)),
                                        lit(REVIEW))
                                .otherwise(col(SUGGESTED)))
                .drop("_ma", "_mb");
    }

    /**
     * Two names that differ by a typo: Jaro-Winkler at least 0.88, or at most one edit (two from five letters on; none
     * below three letters, where one edit is another name: 李 / 王), as fake_1000's typed names do ("Miaisie" /
     * "Maisie", "Henr" / "Henry").
     */
    static Column close(Column x, Column y) {
        return JARO_WINKLER
                .apply(x, y)
                .geq(0.88)
                .or(greatest(length(x), length(y))
                        .geq(3)
                        .and(levenshtein(x, y)
                                .leq(when(greatest(length(x), length(y)).geq(5), lit(2))
                                        .otherwise(lit(1)))));
    }

    private static Column evidence(Level l) {
        return when(l.text().isNotNull(), concat(l.text(), lit(" "), signed(l.weight())));
    }

    private static Column signed(Column w) {
        return concat(when(w.geq(0), lit("+")).otherwise(lit("")), regexp_replace(w.cast("string"), "\\.0$", ""));
    }
}
