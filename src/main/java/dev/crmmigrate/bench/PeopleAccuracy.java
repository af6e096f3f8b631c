package dev.crmmigrate.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.config.Rules;
import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.db.ScratchDatabases;
import dev.crmmigrate.dedupe.PersonCandidates;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.PeopleCandidatesJob;
import dev.crmmigrate.source.JdbcSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Pairwise accuracy of people deduplication on a labelled file of person records ({@code unique_id, first_name,
 * surname, dob, city, email, cluster}: the shape of Splink's {@code fake_1000}). The records become a legacy
 * {@code contacts} table (name = first name + surname, email, location = city, the date of birth in {@code details}) in
 * a database of their own, are imported with {@code rules.contacts_without_email: create} (email = same person), and
 * {@code people candidates} runs on the result. Two records are predicted the same person when the import gave them
 * one person (an email merge) or their two people are a candidate pair suggested {@code merge} (with {@code review}:
 * suggested merge or review); a true pair is two records of one cluster.
 */
public final class PeopleAccuracy {
    /** Pair counts: predicted and true positives of email merges, merge suggestions and review suggestions. */
    public record Result(
            long records,
            long truePairs,
            long emailPairs,
            long emailTrue,
            long mergePairs,
            long mergeTrue,
            long reviewPairs,
            long reviewTrue,
            /* mergePairs, reviewPairs: every record pair predicted once the suggested pairs are merged, email
            merges included */
            long people,
            long comparisons,
            double importSeconds,
            double candidatesSeconds) {
        public double precision() {
            return ratio(mergeTrue, mergePairs);
        }

        public double recall() {
            return ratio(mergeTrue, truePairs);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double emailOnlyRecall() {
            return ratio(emailTrue, truePairs);
        }

        public double precisionWithReview() {
            return ratio(reviewTrue, reviewPairs);
        }

        public double recallWithReview() {
            return ratio(reviewTrue, truePairs);
        }

        private static double ratio(long a, long b) {
            return b == 0 ? 0 : (double) a / b;
        }
    }

    private PeopleAccuracy() {}

    public static Result run(JobContext admin, Path labelled, Path work) {
        if (!Files.isRegularFile(labelled)) {
            throw Errors.missingInput("labelled file", labelled);
        }
        Dataset<Row> records = admin.spark()
                .read()
                .option("header", "true")
                .csv(labelled.toAbsolutePath().toString());
        for (String c : List.of("unique_id", "first_name", "surname", "dob", "city", "email", "cluster")) {
            if (!List.of(records.columns()).contains(c)) {
                throw Errors.config(
                        "%s: a labelled file needs the columns unique_id, first_name, surname, dob, city, email, "
                                + "cluster; found %s",
                        labelled, List.of(records.columns()));
            }
        }
        Database db = ScratchDatabases.fresh(admin.target(), "bench_people");
        SchemaMigrator.migrate(db, SchemaMigrator.Location.LEGACY);
        SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
        // Each record a contact, created in unique_id order (first-wins follows the file).
        Dataset<Row> legacy = records.select(
                // A fixed id per record: the md5 of its label id, as a UUID.
                expr("regexp_replace(md5(concat('label:', unique_id)), "
                                + "'^(.{8})(.{4})(.{4})(.{4})(.{12})$', '$1-$2-$3-$4-$5')")
                        .as("id"),
                col("email"),
                concat_ws(" ", col("first_name"), col("surname")).as("name"),
                col("city").as("location"),
                to_json(struct(col("dob").as("dob"), col("unique_id").as("label_id")))
                        .as("details"),
                expr("timestamp_millis(1700000000000 + cast(unique_id as bigint))")
                        .as("created_at"));
        Properties props = db.connectionProperties();
        props.setProperty("stringtype", "unspecified");
        legacy.write().mode(SaveMode.Append).jdbc(db.url(), "contacts", props);

        CrmConfig c = admin.config();
        Rules r = c.rules();
        Rules create = new Rules(
                r.leadStatusScale(),
                r.phoneRegion(),
                r.legalSuffixes(),
                r.freemailDomains(),
                r.maxRejectRatio(),
                Rules.WithoutEmail.CREATE);
        CrmConfig cfg = c.withWorkDir(work).withRules(create);
        JobContext ctx = new JobContext(cfg, admin.spark(), db, db);
        ImportOutcome imported = ContactsImportJob.run(ctx);
        PeopleCandidatesJob.Outcome found = PeopleCandidatesJob.run(
                ctx, cfg.reportsDir().resolve("people-accuracy").resolve("people_candidates.csv"));

        // Record → person, with the record's cluster.
        Dataset<Row> map = JdbcSource.query(
                        admin.spark(),
                        db,
                        "(select m.person_id::text as person_id, c.details->>'label_id' as unique_id from "
                                + "contact_person_map m join contacts c on c.id = m.contact_id) q",
                        "person_id",
                        "contact_person_map")
                .join(records.select("unique_id", "cluster"), "unique_id");
        long recordCount = records.count();
        long truePairs = pairs(records.groupBy("cluster").agg(count(lit(1)).as("n")));
        long emailPairs = pairs(map.groupBy("person_id").agg(count(lit(1)).as("n")));
        long emailTrue =
                pairs(map.groupBy("person_id", "cluster").agg(count(lit(1)).as("n")));
        Dataset<Row> candidates = admin.spark()
                .read()
                .format("delta")
                .load(work.resolve("people/candidates").toAbsolutePath().toString());
        long[] merge =
                merged(map, candidates.where(col(PersonCandidates.SUGGESTED).equalTo(PersonCandidates.MERGE)));
        long[] review =
                merged(map, candidates.where(col(PersonCandidates.SUGGESTED).notEqual(PersonCandidates.NO)));
        return new Result(
                recordCount,
                truePairs,
                emailPairs,
                emailTrue,
                merge[0],
                merge[1],
                review[0],
                review[1],
                found.people(),
                found.comparisons(),
                imported.seconds(),
                found.seconds());
    }

    /**
     * Record pairs predicted the same person once the suggested pairs are merged (people linked through merges become
     * one, transitively), and those of them in one cluster.
     */
    private static long[] merged(Dataset<Row> map, Dataset<Row> suggested) {
        Dataset<Row> label = components(suggested.select(
                col(PersonCandidates.PERSON_A).as("src"),
                col(PersonCandidates.PERSON_B).as("dst")));
        Dataset<Row> records = map.join(label, map.col("person_id").equalTo(label.col("id")), "left")
                .select(coalesce(col("label"), col("person_id")).as("component"), col("cluster"));
        return new long[] {
            pairs(records.groupBy("component").agg(count(lit(1)).as("n"))),
            pairs(records.groupBy("component", "cluster").agg(count(lit(1)).as("n")))
        };
    }

    /**
     * Connected components of an edge list (src, dst) by minimum-label propagation: (id, label), label the least id
     * of the component. Candidate clusters are small, so it ends in a few rounds.
     */
    static Dataset<Row> components(Dataset<Row> edges) {
        Dataset<Row> both =
                edges.union(edges.select(col("dst").as("src"), col("src").as("dst")));
        Dataset<Row> label = both.select(col("src").as("id")).distinct().withColumn("label", col("id"));
        for (int round = 0; round < 50; round++) {
            Dataset<Row> offered = both.join(label, both.col("src").equalTo(label.col("id")))
                    .select(col("dst").as("id"), col("label"));
            Dataset<Row> next = label.union(offered)
                    .groupBy("id")
                    .agg(min(col("label")).as("label"))
                    .localCheckpoint();
            long changed = next.join(label.select(col("id"), col("label").as("old")), "id")
                    .where(col("label").notEqual(col("old")))
                    .count();
            label = next;
            if (changed == 0) {
                break;
            }
        }
        return label;
    }

    /** Record pairs within each group of n: the sum of n(n-1)/2. */
    private static long pairs(Dataset<Row> groups) {
        Row r = groups.agg(sum(col("n").multiply(col("n").minus(1)).divide(2))).first();
        return r.isNullAt(0) ? 0 : (long) r.getDouble(0);
    }
}
