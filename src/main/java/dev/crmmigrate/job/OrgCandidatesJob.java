package dev.crmmigrate.job;

import static org.apache.spark.sql.functions.col;

import dev.crmmigrate.Errors;
import dev.crmmigrate.followup.OrgCandidates;
import dev.crmmigrate.followup.ReviewFile;
import dev.crmmigrate.resolve.CrmSnapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code orgs candidates}: scores organization near-duplicate pairs, keeps them as the Delta table
 * {@code <work>/orgs/candidates}, writes a review CSV a person marks up, and — when a ground truth is given (the demo
 * writes one) — prints precision and recall. It never merges anything.
 */
public final class OrgCandidatesJob {
    /**
     * What one candidates run found. precision/recall are null without a ground truth; {@code top} holds the best
     * proposals (organization a, organization b, score, shared domains, shared phones), at most {@value #TOP}.
     */
    public record Outcome(
            long candidates,
            long proposed,
            Path reviewCsv,
            Double precision,
            Double recall,
            long truePositives,
            long truthPositives,
            List<String[]> top) {}

    static final int TOP = 50;

    private OrgCandidatesJob() {}

    public static Outcome run(JobContext ctx, double minScore, Path truth, Path reviewCsv) {
        CrmSnapshot crm = new CrmSnapshot(ctx.spark(), ctx.target());
        List<String> freemail = ctx.config().rules().freemailDomains();
        Dataset<Row> domains = crm.organizationDomains()
                .where(col("domain").isin(freemail.toArray()).unary_$bang());
        Dataset<Row> pairs = OrgCandidates.pairs(OrgCandidates.blocked(
                crm.organizations().select("id", "name"), ctx.config().rules().legalSuffixes()));
        String path = ctx.config()
                .workDir()
                .resolve("orgs/candidates")
                .toAbsolutePath()
                .toString();
        OrgCandidates.score(pairs, domains, crm.organizationPhones())
                .write()
                .format("delta")
                .mode("overwrite")
                .option("overwriteSchema", "true")
                .save(path);
        Dataset<Row> candidates = ctx.spark().read().format("delta").load(path);
        long all = candidates.count();
        long proposed = candidates.where(col("score").geq(minScore)).count();
        Map<String, Boolean> truthPairs = truth != null && Files.exists(truth) ? readTruth(truth) : null;
        long tp = 0;
        List<String[]> top = new ArrayList<>();
        try {
            Files.createDirectories(reviewCsv.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(reviewCsv, StandardCharsets.UTF_8);
                    ReviewFile.Printer w = ReviewFile.writer(
                            out,
                            "organization_a_id",
                            "organization_a",
                            "organization_b_id",
                            "organization_b",
                            "similarity",
                            "shared_domains",
                            "shared_phones",
                            "score",
                            "proposed",
                            "decision")) {
                // Streamed partition by partition: the list can be long, the driver never holds it whole.
                Iterator<Row> it = candidates
                        .orderBy(col("score").desc(), col("a_name"), col("b_name"))
                        .toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    boolean isProposed = r.<Double>getAs("score") >= minScore;
                    if (isProposed && top.size() < TOP) {
                        top.add(new String[] {
                            r.getString(1),
                            r.getString(3),
                            String.valueOf(r.getDouble(7)),
                            String.valueOf(r.getLong(5)),
                            String.valueOf(r.getLong(6))
                        });
                    }
                    w.printRecord(
                            r.getString(0),
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            r.getDouble(4),
                            r.getLong(5),
                            r.getLong(6),
                            r.getDouble(7),
                            isProposed,
                            "");
                    if (isProposed
                            && truthPairs != null
                            && Boolean.TRUE.equals(truthPairs.get(pairKey(r.getString(1), r.getString(3))))) {
                        tp++;
                    }
                }
            }
        } catch (IOException e) {
            throw Errors.runtime("writing the review file %s failed: %s", reviewCsv, e.getMessage());
        }
        if (truthPairs == null) {
            return new Outcome(all, proposed, reviewCsv, null, null, 0, 0, top);
        }
        long positives = truthPairs.values().stream().filter(b -> b).count();
        return new Outcome(
                all,
                proposed,
                reviewCsv,
                proposed == 0 ? 0.0 : (double) tp / proposed,
                positives == 0 ? 0.0 : (double) tp / positives,
                tp,
                positives,
                top);
    }

    /** The key of an unordered pair of organization names, as the ground truth file keys it. */
    public static String pairKey(String a, String b) {
        String x = a.strip().toLowerCase(Locale.ROOT);
        String y = b.strip().toLowerCase(Locale.ROOT);
        return x.compareTo(y) < 0 ? x + "\u0000" + y : y + "\u0000" + x;
    }

    /** The ground truth: organization_a, organization_b, is_duplicate (a few hundred planted pairs at most). */
    public static Map<String, Boolean> readTruth(Path file) {
        Map<String, Boolean> out = new HashMap<>();
        for (CSVRecord r : ReviewFile.read(file, "ground truth file").records()) {
            out.put(
                    pairKey(ReviewFile.Content.get(r, 0), ReviewFile.Content.get(r, 1)),
                    Boolean.parseBoolean(ReviewFile.Content.get(r, 2)));
        }
        return out;
    }
}
