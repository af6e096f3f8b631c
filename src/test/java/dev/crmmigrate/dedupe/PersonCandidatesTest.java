package dev.crmmigrate.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.support.TestSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Probable duplicate people on a small labelled fixture of our own: each planted duplicate is suggested as it should
 * be, with the evidence a reviewer reads, and what must never be evidence (a role address, an office phone, a common
 * name alone) is not.
 */
class PersonCandidatesTest {
    static final StructType PEOPLE = new StructType()
            .add(PersonCandidates.PERSON_ID, DataTypes.StringType)
            .add(PersonCandidates.FIRST_NAME, DataTypes.StringType)
            .add(PersonCandidates.LAST_NAME, DataTypes.StringType)
            .add(PersonCandidates.DOB, DataTypes.StringType)
            .add(PersonCandidates.CITY, DataTypes.StringType)
            .add(PersonCandidates.EMAILS, DataTypes.createArrayType(DataTypes.StringType))
            .add(PersonCandidates.PHONES, DataTypes.createArrayType(DataTypes.StringType))
            .add(PersonCandidates.ORGS, DataTypes.createArrayType(DataTypes.StringType))
            .add(PersonCandidates.KNOWN_AS, DataTypes.BooleanType);

    static Row p(
            String id, String first, String last, String dob, String city, List<String> emails, List<String> phones) {
        return row(id, first, last, dob, city, emails, phones, false);
    }

    /** Another name, date of birth or city under which one of the person's contacts knew it. */
    static Row knownAs(String id, String first, String last, String dob, String city, List<String> emails) {
        return row(id, first, last, dob, city, emails, List.of(), true);
    }

    static Row row(
            String id,
            String first,
            String last,
            String dob,
            String city,
            List<String> emails,
            List<String> phones,
            boolean knownAs) {
        return RowFactory.create(
                id,
                first,
                last,
                dob,
                city,
                scala.jdk.javaapi.CollectionConverters.asScala(emails).toSeq(),
                scala.jdk.javaapi.CollectionConverters.asScala(phones).toSeq(),
                scala.jdk.javaapi.CollectionConverters.asScala(List.<String>of())
                        .toSeq(),
                knownAs);
    }

    static Map<String, Row> byPair = new HashMap<>();
    static long compared;

    @BeforeAll
    static void score() {
        List<Row> rows = new ArrayList<>(List.of(
                // A nickname, the same date of birth, an email name with digits.
                p("a1", "Robert", "Allen", "1971-06-24", "London", List.of("robert.allen7@smith-co.com"), List.of()),
                p("a2", "Rob", "Allen", "1971-06-24", null, List.of("rallen@gmail.com"), List.of()),
                // Swapped first and last name, a typo, the same own phone.
                p("b1", "Caleb", "Rowe", "1992-11-20", "Liverpool", List.of(), List.of("+441512000001")),
                p("b2", "Rwoe", "Caleb", null, "Liverpool", List.of(), List.of("+441512000001")),
                // A typo in the last name, the same email name (not made of the name) at another domain.
                p("c1", "Maisie", "Walsh", null, null, List.of("studio.mw@walsh-design.co.uk"), List.of()),
                p("c2", "Maisie", "Walsch", null, null, List.of("studio.mw@gmail.com"), List.of()),
                // The same name and an email name made of it, nothing else: a review at most, never a merge.
                p("f1", "Clara", "Vogt", null, null, List.of("clara.vogt@vogt-ag.de"), List.of()),
                p("f2", "Clara", "Vogt", null, null, List.of("clara.vogt@gmail.com"), List.of()),
                p("g1", "Susan", "De la Cruz", null, null, List.of("scruz.x2@alpha-co.com"), List.of()),
                p("g2", "Susan", "De la Cruz", null, null, List.of("scruz.x9@beta-co.com"), List.of()),
                // The same common name, born years apart: strangers.
                p("d1", "John", "Smith", "1960-01-01", "Leeds", List.of("jsmith@acme-tools.com"), List.of()),
                p("d2", "John", "Smith", "1990-07-15", "Bristol", List.of("john.smith@gmail.com"), List.of()),
                // Strangers sharing a role address name and an office phone held by three people.
                p("e1", "Anna", "Berg", null, null, List.of("info@berg-partners.com"), List.of("+442070000000")),
                p("e2", "Lars", "Holm", null, null, List.of("info.desk7@holm-law.com"), List.of("+442070000000")),
                p("e3", "Mia", "Stone", null, null, List.of(), List.of("+442070000000")),
                // A rare full name and a date of birth with a typo: a merge.
                p("i1", "Wilhelmina", "Quist", "1980-02-11", "Leeds", List.of(), List.of()),
                p("i2", "Wilhelmina", "Quist", "1980-02-17", "Leeds", List.of(), List.of()),
                // Known by one of its contacts as "Tom Becker", born 1966-05-02: what its duplicate is typed as.
                p("j1", "Thomas", "Bekker", null, null, List.of("tbekker@gmail.com"), List.of()),
                knownAs("j1", "Tom", "Becker", "1966-05-02", "Ulm", List.of("tbekker@gmail.com")),
                p("j2", "Tom", "Becker", "1966-05-02", "Ulm", List.of(), List.of()),
                // No name on one side: the same email name with digits and the same date of birth are enough.
                p("k1", "Oskar", "Lind", "1990-10-10", null, List.of("oskar.lind82@lind-bau.se"), List.of()),
                p("k2", null, null, "1990-10-10", null, List.of("oskarlind82@gmail.com"), List.of()),
                // A rare full name in one city, born within a year (a typo in the year and the month at once).
                p("l1", "Ines", "Warnke", "1984-03-02", "Kiel", List.of(), List.of()),
                p("l2", "Ines", "Warnke", "1985-03-28", "Kiel", List.of(), List.of())));
        // A full name six people share: two of them with dates of birth two edits apart are not merged on that.
        String[] dobs = {"1975-03-14", "1975-08-19", "1951-12-02", "1988-06-30", "1963-09-07", "1999-01-25"};
        for (int i = 0; i < dobs.length; i++) {
            rows.add(p("h" + (i + 1), "Karen", "Moore", dobs[i], "Leeds", List.of(), List.of()));
        }
        Dataset<Row> people = TestSpark.get().createDataFrame(rows, PEOPLE);
        Dataset<Row> features = PersonCandidates.features(people, Rules.DEFAULT_FREEMAIL);
        Dataset<Row> pairs = PersonCandidates.pairs(PersonCandidates.blocked(features, PersonCandidates.MAX_BLOCK));
        List<Row> scored = PairScore.score(pairs, features).collectAsList();
        compared = scored.size();
        for (Row r : scored) {
            byPair.put(r.getAs(PersonCandidates.PERSON_A) + "-" + r.getAs(PersonCandidates.PERSON_B), r);
        }
    }

    static String suggested(String pair) {
        Row r = byPair.get(pair);
        return r == null ? "not compared" : r.getAs(PersonCandidates.SUGGESTED);
    }

    static String evidence(String pair) {
        return byPair.get(pair).getAs(PersonCandidates.EVIDENCE);
    }

    @Test
    void plantedDuplicatesAreSuggestedWithTheirEvidence() {
        assertThat(suggested("a1-a2")).isEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("a1-a2")).contains("first name same +4").contains("date of birth same +8");
        assertThat(suggested("b1-b2")).isEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("b1-b2")).contains("first and last name swapped +8").contains("phone same +6");
        assertThat(suggested("c1-c2")).isEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("c1-c2")).contains("last name close +4").contains("email name same +6");
    }

    @Test
    void aCloseDateOfBirthMergesARareNameButNotACommonOne() {
        assertThat(suggested("i1-i2")).isEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("h1-h2")).contains("date of birth close");
        assertThat(suggested("h1-h2")).isNotEqualTo(PersonCandidates.MERGE);
    }

    @Test
    void aCommonNameAloneOrARoleAddressOrAnOfficePhoneIsNeverEnough() {
        assertThat(suggested("d1-d2")).isIn(PersonCandidates.NO, PersonCandidates.REVIEW);
        assertThat(evidence("d1-d2")).contains("dates of birth differ -3");
        assertThat(suggested("d1-d2")).isNotEqualTo(PersonCandidates.MERGE);
        // info@ is no email name: the two meet only through the office phone, which is weak and never a merge.
        assertThat(suggested("e1-e2")).isNotEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("e1-e2")).contains("shared office phone same +1").doesNotContain("email name");
    }

    @Test
    void anEmailNameMadeOfThePersonsNameIsWeakEvidence() {
        assertThat(suggested("f1-f2")).isEqualTo(PersonCandidates.REVIEW);
        assertThat(evidence("f1-f2")).contains("email name made of the name same +1");
        // Digits make an email name of the person's own: scruz.x2 and scruz.x9 are two addresses, not one.
        assertThat(suggested("g1-g2")).isNotEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("g1-g2")).contains("email names differ -1");
    }

    @Test
    void aPersonIsComparedThroughEveryNameItsContactsKnewItBy() {
        assertThat(suggested("j1-j2")).isEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("j1-j2"))
                .startsWith("compared as Tom Becker / Tom Becker")
                .contains("date of birth same +8");
        // The review file shows the person's own name.
        assertThat(byPair.get("j1-j2").<String>getAs(PersonCandidates.NAME_A)).isEqualTo("Thomas Bekker");
    }

    @Test
    void noNameOnOneSideNeedsTwoStrongAgreements() {
        assertThat(suggested("k1-k2")).isEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("k1-k2")).contains("email name same +6").contains("date of birth same +8");
    }

    @Test
    void aRareNameInOneCityBornWithinAYearIsAMerge() {
        assertThat(suggested("l1-l2")).isEqualTo(PersonCandidates.MERGE);
        assertThat(evidence("l1-l2")).contains("date of birth within a year +2").contains("city same +2");
    }

    @Test
    void blockingComparesFarFewerPairsThanEveryoneWithEveryone() {
        assertThat(compared).isPositive().isLessThan(30 * 29 / 2);
        assertThat(byPair).doesNotContainKey("a1-e3");
    }

    @Test
    void namesCompareWithoutAccentsCaseOrPlaceholders() {
        assertThat(PersonCandidates.nameKey("  José-María  ")).isEqualTo("jose maria");
        assertThat(PersonCandidates.nameKey("UNKNOWN")).isNull();
        assertThat(PersonCandidates.nameKey("محمد علي")).isEqualTo("محمد علي");
        assertThat(PersonCandidates.nameKey("Σοφία")).isEqualTo("σοφια");
        // One character apart is another name when the names are one or two characters long.
        assertThat(TestSpark.get()
                        .range(1)
                        .select(Similarity.close(
                                org.apache.spark.sql.functions.lit("李"), org.apache.spark.sql.functions.lit("王")))
                        .first()
                        .getBoolean(0))
                .isFalse();
        assertThat(Nicknames.canonical("bob")).isEqualTo("robert");
        assertThat(Nicknames.canonical("zelda")).isEqualTo("zelda");
    }

    @Test
    void anEmailNameTypoKeepsItsDigitsAndTheTokenAfterItsLastDot() {
        assertThat(closeLocals("harveyrobertson32", "harveyrobertsoe32")).isTrue();
        assertThat(closeLocals("l.feruson46", "l.fergson46")).isTrue();
        // Other digits, or another counter after a name (as exports number their rows): other addresses.
        assertThat(closeLocals("g.davies36", "gdavies72")).isFalse();
        assertThat(closeLocals("dsmith.cg4", "dsmith.cak4")).isFalse();
    }

    static boolean closeLocals(String x, String y) {
        return TestSpark.get()
                .range(1)
                .select(Similarity.closeLocals(
                        org.apache.spark.sql.functions.lit(x),
                        org.apache.spark.sql.functions.lit(y),
                        org.apache.spark.sql.functions.lit(false),
                        org.apache.spark.sql.functions.lit(false)))
                .first()
                .getBoolean(0);
    }

    @Test
    void aPersonInMoreThanMaxMergesSuggestedMergesIsAHubAndAllItsMergesAreReviewed() {
        List<Row> scored = new ArrayList<>();
        // "x" on either side of nine merges; "y" in one; a review of "x" is no merge.
        for (int i = 0; i < PersonCandidates.MAX_MERGES + 1; i++) {
            scored.add(
                    i % 2 == 0
                            ? RowFactory.create("x", "p" + i, PersonCandidates.MERGE)
                            : RowFactory.create("a" + i, "x", PersonCandidates.MERGE));
        }
        scored.add(RowFactory.create("y", "z", PersonCandidates.MERGE));
        scored.add(RowFactory.create("x", "w", PersonCandidates.REVIEW));
        StructType schema = new StructType()
                .add(PersonCandidates.PERSON_A, DataTypes.StringType)
                .add(PersonCandidates.PERSON_B, DataTypes.StringType)
                .add(PersonCandidates.SUGGESTED, DataTypes.StringType);
        List<Row> hub = PairScore.hubMerges(TestSpark.get().createDataFrame(scored, schema))
                .collectAsList();
        assertThat(hub)
                .hasSize(PersonCandidates.MAX_MERGES + 1)
                .allSatisfy(r -> assertThat(r.mkString()).contains("x"));
        // At the limit, no hub.
        assertThat(PairScore.hubMerges(TestSpark.get().createDataFrame(scored.subList(1, scored.size()), schema))
                        .collectAsList())
                .isEmpty();
    }
}
