package dev.crmmigrate.job;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.Identifiers;
import dev.crmmigrate.dedupe.PairScore;
import dev.crmmigrate.dedupe.PersonCandidates;
import dev.crmmigrate.followup.ReviewFile;
import dev.crmmigrate.normalize.PersonNames;
import dev.crmmigrate.source.JdbcSource;
import dev.crmmigrate.spark.Observations;
import io.delta.tables.DeltaTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code people candidates}: probable duplicate people among the CRM's people ({@link PersonCandidates}), kept as the
 * Delta table {@code <work>/people/candidates} and written, best first, as the review file
 * {@code people_candidates.csv} of the run's report folder (and {@code reports/latest/}), with an empty
 * {@code decision} column for a reviewer. It never merges anything and never changes an import.
 */
public final class PeopleCandidatesJob {
    /**
     * What one run found.
     *
     * @param people the CRM's people
     * @param comparisons the pairs compared (after blocking)
     */
    public record Outcome(long people, long comparisons, long merge, long review, Path reviewCsv, double seconds) {
        public double comparisonsPerPerson() {
            return people == 0 ? 0 : (double) comparisons / people;
        }
    }

    private static final String CONTACT_EMAIL = "_contact_email";

    private PeopleCandidatesJob() {}

    /**
     * The CRM's people with what the comparisons read: names, date of birth, city, emails, phones, organizations; and,
     * as further rows of the same person ({@link PersonCandidates#KNOWN_AS}), every other name, date of birth and city
     * under which the legacy contacts mapped to it knew it (an import keeps its first contact's; the others were typed
     * by other hands and are how its duplicates are typed too). Without the legacy {@code contacts} table (retired),
     * the people alone.
     */
    public static Dataset<Row> people(JobContext ctx) {
        String s = Identifiers.quote(ctx.target().schema()) + ".";
        String sql = "(select p.id::text as person_id, p.first_name, p.last_name, p.details->>'dob' as dob, "
                + "p.details->>'location' as city, "
                + "array(select e.address from " + s + "person_emails pe join " + s + "emails e on e.id = pe.email_id "
                + "where pe.person_id = p.id order by e.address) as emails, "
                + "array(select ph.number from " + s + "person_phones pp join " + s
                + "phones ph on ph.id = pp.phone_id "
                + "where pp.person_id = p.id order by ph.number) as phones, "
                + "array(select po.organization_id::text from " + s + "person_organizations po "
                + "where po.person_id = p.id order by 1) as orgs from " + s + "people p) q";
        Dataset<Row> people = JdbcSource.query(ctx.spark(), ctx.target(), sql, "person_id", s + "people");
        Column[] own = {
            col(PersonCandidates.PERSON_ID),
            col(PersonCandidates.FIRST_NAME),
            col(PersonCandidates.LAST_NAME),
            col(PersonCandidates.DOB),
            col(PersonCandidates.CITY)
        };
        Dataset<Row> rows = people.withColumn(PersonCandidates.KNOWN_AS, lit(false))
                .withColumn(CONTACT_EMAIL, lit(null).cast("string"));
        if (ctx.source().hasTable("contacts")) {
            rows = rows.unionByName(knownAs(ctx), true);
        }
        // The person's arrays (on its own row only) go to each of its rows, with the addresses its contacts carried,
        // those the import rejected as malformed too (jt40@combs.nm still says jt40): the people read once, no join.
        WindowSpec person = Window.partitionBy(PersonCandidates.PERSON_ID);
        Dataset<Row> filled = rows.withColumn(
                        PersonCandidates.EMAILS,
                        array_union(
                                coalesce(max(col(PersonCandidates.EMAILS)).over(person), array()),
                                collect_set(lower(trim(col(CONTACT_EMAIL)))).over(person)))
                .withColumn(
                        PersonCandidates.PHONES,
                        max(col(PersonCandidates.PHONES)).over(person))
                .withColumn(
                        PersonCandidates.ORGS, max(col(PersonCandidates.ORGS)).over(person));
        // One row per person and distinct (name, date of birth, city); the person's own row wins over a contact's. A
        // person known by very many names (a role address many contacts shared) keeps its own row and those most of
        // its contacts had: a pair's comparisons grow with the product of both sides' rows.
        return filled.groupBy(own)
                .agg(
                        min(col(PersonCandidates.KNOWN_AS)).as(PersonCandidates.KNOWN_AS),
                        count(lit(1)).as("_contacts"),
                        first(col(PersonCandidates.EMAILS)).as(PersonCandidates.EMAILS),
                        first(col(PersonCandidates.PHONES)).as(PersonCandidates.PHONES),
                        first(col(PersonCandidates.ORGS)).as(PersonCandidates.ORGS))
                .withColumn(
                        "_rank",
                        row_number()
                                .over(person.orderBy(
                                        col(PersonCandidates.KNOWN_AS),
                                        col("_contacts").desc(),
                                        col(PersonCandidates.FIRST_NAME),
                                        col(PersonCandidates.LAST_NAME),
                                        col(PersonCandidates.DOB),
                                        col(PersonCandidates.CITY))))
                .where(col("_rank").leq(PersonCandidates.MAX_ROWS))
                .drop("_contacts", "_rank");
    }

    /** The name (split as the import splits it), date of birth and city of every legacy contact mapped to a person. */
    private static Dataset<Row> knownAs(JobContext ctx) {
        String t = Identifiers.quote(ctx.target().schema()) + ".";
        String src = Identifiers.quote(ctx.source().schema()) + ".";
        Dataset<Row> map = JdbcSource.query(
                ctx.spark(),
                ctx.target(),
                "(select contact_id::text as contact_id, person_id::text as person_id from " + t
                        + "contact_person_map) q",
                "contact_id",
                t + "contact_person_map");
        Dataset<Row> contacts = JdbcSource.query(
                ctx.spark(),
                ctx.source(),
                "(select id::text as contact_id, name, email, details->>'dob' as dob, "
                        + "coalesce(nullif(trim(location), ''), details->>'location') as city from " + src
                        + "contacts) q",
                "contact_id",
                src + "contacts");
        Column[] name = PersonNames.splitName(col("name"));
        return map.join(contacts, "contact_id")
                .select(
                        col(PersonCandidates.PERSON_ID),
                        name[0].as(PersonCandidates.FIRST_NAME),
                        name[1].as(PersonCandidates.LAST_NAME),
                        col("dob").as(PersonCandidates.DOB),
                        col("city").as(PersonCandidates.CITY),
                        lit(true).as(PersonCandidates.KNOWN_AS),
                        col("email").as(CONTACT_EMAIL));
    }

    public static Outcome run(JobContext ctx, Path reviewCsv) {
        long t0 = System.nanoTime();
        Dataset<Row> features = PersonCandidates.features(
                        people(ctx), ctx.config().rules().freemailDomains())
                .persist();
        try {
            // One own row per person (its other rows are what its contacts knew it by).
            long people = features.where(col(PersonCandidates.KNOWN_AS).equalTo(false))
                    .count();
            Dataset<Row> pairs = PersonCandidates.pairs(PersonCandidates.blocked(features, PersonCandidates.MAX_BLOCK));
            String path = ctx.config()
                    .workDir()
                    .resolve("people/candidates")
                    .toAbsolutePath()
                    .toString();
            // The figures are observed as the table is written (no second pass over it).
            Observation figures = new Observation("people_candidates");
            PairScore.score(pairs, features)
                    .observe(
                            figures,
                            count(lit(1)).as("compared"),
                            sum(when(col(PersonCandidates.SUGGESTED).equalTo(PersonCandidates.MERGE), 1L)
                                            .otherwise(0L))
                                    .as(PersonCandidates.MERGE),
                            sum(when(col(PersonCandidates.SUGGESTED).equalTo(PersonCandidates.REVIEW), 1L)
                                            .otherwise(0L))
                                    .as(PersonCandidates.REVIEW))
                    .write()
                    .format("delta")
                    .mode("overwrite")
                    .option("overwriteSchema", "true")
                    .save(path);
            Map<String, ?> n = Observations.metrics(figures, "people candidates");
            long hubMerges = reviewHubs(ctx, path);
            writeReview(ctx.spark().read().format("delta").load(path), reviewCsv);
            return new Outcome(
                    people,
                    asLong(n.get("compared")),
                    asLong(n.get(PersonCandidates.MERGE)) - hubMerges,
                    asLong(n.get(PersonCandidates.REVIEW)) + hubMerges,
                    reviewCsv,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            features.unpersist();
        }
    }

    /**
     * Downgrades to {@code review} the merges of a hub ({@link PairScore#hubMerges}) in the written table, when there
     * are any (a MERGE of those pairs); how many.
     */
    private static long reviewHubs(JobContext ctx, String path) {
        Dataset<Row> hubMerges = PairScore.hubMerges(
                        ctx.spark().read().format("delta").load(path))
                .persist();
        try {
            long n = hubMerges.count();
            if (n > 0) {
                DeltaTable.forPath(ctx.spark(), path)
                        .as("t")
                        .merge(
                                hubMerges.as("h"),
                                col("t." + PersonCandidates.PERSON_A)
                                        .equalTo(col("h." + PersonCandidates.PERSON_A))
                                        .and(col("t." + PersonCandidates.PERSON_B)
                                                .equalTo(col("h." + PersonCandidates.PERSON_B))))
                        .whenMatched()
                        .update(Map.of(PersonCandidates.SUGGESTED, lit(PersonCandidates.REVIEW)))
                        .execute();
            }
            return n;
        } finally {
            hubMerges.unpersist();
        }
    }

    /** An observed sum or count (null: no rows). */
    private static long asLong(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** The review file, best first, streamed (the driver never holds it whole); pairs suggested "no" are left out. */
    static void writeReview(Dataset<Row> candidates, Path reviewCsv) {
        try {
            Files.createDirectories(reviewCsv.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(reviewCsv, StandardCharsets.UTF_8);
                    ReviewFile.Printer w = ReviewFile.writer(
                            out, "person_a", "person_b", "score", "suggested", "evidence", "decision")) {
                Iterator<Row> it = candidates
                        .where(col(PersonCandidates.SUGGESTED).notEqual(PersonCandidates.NO))
                        .orderBy(
                                col(PersonCandidates.SCORE).desc(),
                                col(PersonCandidates.PERSON_A),
                                col(PersonCandidates.PERSON_B))
                        .toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    w.printRecord(
                            r.getAs(PersonCandidates.PERSON_A),
                            r.getAs(PersonCandidates.PERSON_B),
                            r.<Double>getAs(PersonCandidates.SCORE),
                            r.getAs(PersonCandidates.SUGGESTED),
                            r.<String>getAs(PersonCandidates.NAME_A) + " / " + r.<String>getAs(PersonCandidates.NAME_B)
                                    + ": " + r.<String>getAs(PersonCandidates.EVIDENCE),
                            "");
                }
            }
            Path latest = reviewCsv.getParent().getParent().resolve("latest");
            Files.createDirectories(latest);
            Files.copy(reviewCsv, latest.resolve(reviewCsv.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw Errors.runtime("writing the review file %s failed: %s", reviewCsv, e.getMessage());
        }
    }

    /**
     * Why two people are or are not a candidate pair: the block keys they share (a pair is compared only through a
     * key held by at most {@link PersonCandidates#MAX_BLOCK} people), and the comparison evidence by evidence, as
     * {@code people candidates} would score it.
     *
     * @param sharedKeys the block keys both hold, each with how many people hold it
     */
    public record PairExplanation(
            String personA,
            String personB,
            String nameA,
            String nameB,
            List<String> sharedKeys,
            boolean candidate,
            double score,
            String suggested,
            String evidence) {}

    public static PairExplanation explainPair(JobContext ctx, String a, String b) {
        Dataset<Row> features = PersonCandidates.features(
                        people(ctx), ctx.config().rules().freemailDomains())
                .persist();
        try {
            long found = features.where(col(PersonCandidates.PERSON_ID).isin(a, b))
                    .select(PersonCandidates.PERSON_ID)
                    .distinct()
                    .count();
            if (found < 2 || a.equals(b)) {
                throw Errors.config("--pair needs the ids of two different people of the CRM; %s found", found);
            }
            Dataset<Row> keys = PersonCandidates.blocked(features, Integer.MAX_VALUE);
            Dataset<Row> counted =
                    keys.groupBy(PersonCandidates.KEY).agg(count(lit(1)).as("n"));
            List<String> shared = keys
                    .where(col(PersonCandidates.PERSON_ID).equalTo(a))
                    .select(PersonCandidates.KEY)
                    .intersect(keys.where(col(PersonCandidates.PERSON_ID).equalTo(b))
                            .select(PersonCandidates.KEY))
                    .join(counted, PersonCandidates.KEY)
                    .orderBy(PersonCandidates.KEY)
                    .limit(50)
                    .collectAsList()
                    .stream()
                    .map(r -> r.getString(0) + " (" + r.getLong(1) + " people"
                            + (r.getLong(1) > PersonCandidates.MAX_BLOCK ? ", over the block limit: not used)" : ")"))
                    .toList();
            boolean candidate = shared.stream().anyMatch(k -> !k.contains("not used"));
            String first = a.compareTo(b) < 0 ? a : b;
            String second = first.equals(a) ? b : a;
            Dataset<Row> pair = ctx.spark()
                    .createDataFrame(
                            List.of(org.apache.spark.sql.RowFactory.create(first, second)),
                            new org.apache.spark.sql.types.StructType()
                                    .add(PersonCandidates.PERSON_A, org.apache.spark.sql.types.DataTypes.StringType)
                                    .add(PersonCandidates.PERSON_B, org.apache.spark.sql.types.DataTypes.StringType));
            Row r = PairScore.score(pair, features).first();
            return new PairExplanation(
                    first,
                    second,
                    r.getAs(PersonCandidates.NAME_A),
                    r.getAs(PersonCandidates.NAME_B),
                    shared,
                    candidate,
                    r.<Double>getAs(PersonCandidates.SCORE),
                    r.getAs(PersonCandidates.SUGGESTED),
                    r.getAs(PersonCandidates.EVIDENCE));
        } finally {
            features.unpersist();
        }
    }
}
