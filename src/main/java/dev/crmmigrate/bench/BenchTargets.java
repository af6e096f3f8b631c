package dev.crmmigrate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The performance targets of crm-migrate, judged on the figures of one bench run: each target with what this run
 * measured for it and whether it is met. A target whose scale the run did not include is {@link Status#NOT_MEASURED},
 * never guessed from another run. Pure: no Spark, no database, so {@code bench} prints the verdicts of its own run.
 *
 * <p>The targets are the ones a user weighs us by: a small import in seconds, at most 1.5 times the set-based SQL a
 * user could write instead, a scale-100 import (3.26 M contacts) in 6 minutes and a scale-300 one (9.8 M) in 20 with
 * a 2 GiB driver heap, near-linear growth from 100 to 300, a loader close to raw COPY, and a no-op re-run that costs
 * little.
 */
public final class BenchTargets {
    /** A scale-1 import (the field report's 32,584 contacts), seconds. */
    public static final double SCALE_1_SECONDS = 12;
    /** The import's time over the SQL peer's, at scales 10 and 100. */
    public static final double PEER_RATIO = 1.5;

    public static final double SCALE_100_SECONDS = 6 * 60;
    public static final double SCALE_300_SECONDS = 20 * 60;
    /** t(300) / t(100): a little above linear (3.0) for the larger sorts and indexes. */
    public static final double GROWTH_100_TO_300 = 3.3;
    /** The loader's speed as a share of raw COPY's, into empty indexed tables. */
    public static final double LOADER_VS_RAW_COPY = 0.7;
    /** A no-op re-run of the whole import (plan included) as a share of the first import. */
    public static final double RERUN_SHARE = 0.3;

    /** Issue "A cold import in seconds": each contacts import as a user runs it, in a JVM of its own. */
    public static final int MAX_SPARK_JOBS = 30;

    public static final double SMALL_COLD_SECONDS = 10;
    public static final double SCALE_1_COLD_SECONDS = 15;
    public static final double SCALE_1_COLD_PEER_RATIO = 5;
    public static final double SCALE_10_COLD_PEER_RATIO = 1.3;
    public static final double SCALE_100_COLD_PEER_RATIO = 1.1;

    public enum Status {
        MET,
        MISSED,
        NOT_MEASURED;

        static Status of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    /** One target: what it asks, what this run measured for it (or why not), the verdict. */
    public record Target(String target, String measured, Status status) {}

    private BenchTargets() {}

    /**
     * Every target, judged on {@code scales} (the imports of this run) and {@code path} (the load paths compared at
     * {@code pathScale}; null when not compared).
     */
    public static List<Target> judge(List<BenchJob.ScaleResult> scales, BenchJob.LoadPath path, double pathScale) {
        List<Target> out = new ArrayList<>();
        out.add(at(scales, 1)
                .map(r -> new Target(
                        "scale 1 in at most " + s(SCALE_1_SECONDS),
                        s(r.importSeconds()),
                        Status.of(r.importSeconds() <= SCALE_1_SECONDS)))
                .orElse(notRun("scale 1 in at most " + s(SCALE_1_SECONDS), 1)));
        for (double scale : new double[] {10, 100}) {
            String what = "at most " + PEER_RATIO + "x the SQL peer at scale " + fmt(scale);
            out.add(at(scales, scale)
                    .map(r -> {
                        double ratio = r.importSeconds() / r.peer().seconds();
                        return new Target(
                                what,
                                String.format(
                                        Locale.ROOT,
                                        "%.2fx (%s against %s)",
                                        ratio,
                                        s(r.importSeconds()),
                                        s(r.peer().seconds())),
                                Status.of(ratio <= PEER_RATIO));
                    })
                    .orElse(notRun(what, scale)));
        }
        Optional<BenchJob.ScaleResult> s100 = at(scales, 100);
        Optional<BenchJob.ScaleResult> s300 = at(scales, 300);
        out.add(s100.map(r -> new Target(
                        "scale 100 in under " + s(SCALE_100_SECONDS),
                        s(r.importSeconds()),
                        Status.of(r.importSeconds() < SCALE_100_SECONDS)))
                .orElse(notRun("scale 100 in under " + s(SCALE_100_SECONDS), 100)));
        out.add(s300.map(r -> new Target(
                        "scale 300 in under " + s(SCALE_300_SECONDS),
                        s(r.importSeconds()),
                        Status.of(r.importSeconds() < SCALE_300_SECONDS)))
                .orElse(notRun("scale 300 in under " + s(SCALE_300_SECONDS), 300)));
        String growth = "t(300) / t(100) at most " + GROWTH_100_TO_300;
        out.add(
                s100.isPresent() && s300.isPresent()
                        ? growth(growth, s100.get(), s300.get())
                        : new Target(growth, "needs scales 100 and 300 in one run", Status.NOT_MEASURED));
        String loader = "the loader at " + LOADER_VS_RAW_COPY + " or more of raw COPY on empty targets";
        out.add(
                path == null
                        ? new Target(loader, "load paths not compared", Status.NOT_MEASURED)
                        : new Target(
                                loader,
                                String.format(
                                        Locale.ROOT,
                                        "%.2f at scale %s",
                                        path.rawCopy() / path.loader(),
                                        fmt(pathScale)),
                                Status.of(path.rawCopy() / path.loader() >= LOADER_VS_RAW_COPY)));
        out.add(rerun(scales));
        return List.copyOf(out);
    }

    /**
     * The targets of a cold import, judged on the cold imports of this run ({@code bench --cold}): the Spark jobs of
     * every one, the {@value BenchJob#SMALL_CONTACTS}-contact import's wall time, and each scale's against the SQL peer
     * on the same server.
     *
     * @param small the small import, or null when not run
     */
    public static List<Target> judgeCold(List<BenchJob.ScaleResult> scales, BenchJob.Small small) {
        List<Target> out = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        boolean jobsMet = true;
        if (small != null) {
            jobs.add(small.cold().sparkJobs() + " (" + small.contacts() + " contacts)");
            jobsMet = small.cold().sparkJobs() <= MAX_SPARK_JOBS;
        }
        for (BenchJob.ScaleResult r : scales) {
            if (r.cold() != null) {
                jobs.add(r.cold().sparkJobs() + " (scale " + fmt(r.scale()) + ")");
                jobsMet &= r.cold().sparkJobs() <= MAX_SPARK_JOBS;
            }
        }
        String jobsWhat = "at most " + MAX_SPARK_JOBS + " Spark jobs per contacts import";
        out.add(
                jobs.isEmpty()
                        ? new Target(jobsWhat, "no cold import in this run (--cold)", Status.NOT_MEASURED)
                        : new Target(jobsWhat, String.join(", ", jobs), Status.of(jobsMet)));
        String smallWhat = "an " + BenchJob.SMALL_CONTACTS + "-contact import in at most " + s(SMALL_COLD_SECONDS)
                + " wall, JVM start included";
        out.add(
                small == null
                        ? new Target(smallWhat, "not in this run (--cold)", Status.NOT_MEASURED)
                        : new Target(
                                smallWhat,
                                s(small.cold().seconds()),
                                Status.of(small.cold().seconds() <= SMALL_COLD_SECONDS)));
        String oneWhat = "scale 1 cold in at most " + s(SCALE_1_COLD_SECONDS) + " and " + fmt(SCALE_1_COLD_PEER_RATIO)
                + "x the SQL peer";
        out.add(at(scales, 1)
                .filter(r -> r.cold() != null)
                .map(r -> new Target(
                        oneWhat,
                        ratio(r),
                        Status.of(r.cold().seconds() <= SCALE_1_COLD_SECONDS
                                && r.cold().seconds() / r.peer().seconds() <= SCALE_1_COLD_PEER_RATIO)))
                .orElse(notRun(oneWhat, 1)));
        for (double[] sr : new double[][] {{10, SCALE_10_COLD_PEER_RATIO}, {100, SCALE_100_COLD_PEER_RATIO}}) {
            String what = "scale " + fmt(sr[0]) + " cold at most " + sr[1] + "x the SQL peer";
            out.add(at(scales, sr[0])
                    .filter(r -> r.cold() != null)
                    .map(r -> new Target(
                            what,
                            ratio(r),
                            Status.of(r.cold().seconds() / r.peer().seconds() <= sr[1])))
                    .orElse(notRun(what, sr[0])));
        }
        return List.copyOf(out);
    }

    private static String ratio(BenchJob.ScaleResult r) {
        return String.format(
                Locale.ROOT,
                "%s, %.2fx (the peer: %s)",
                s(r.cold().seconds()),
                r.cold().seconds() / r.peer().seconds(),
                s(r.peer().seconds()));
    }

    private static Target growth(String what, BenchJob.ScaleResult s100, BenchJob.ScaleResult s300) {
        double g = s300.importSeconds() / s100.importSeconds();
        return new Target(what, String.format(Locale.ROOT, "%.2f", g), Status.of(g <= GROWTH_100_TO_300));
    }

    /** The worst no-op re-run of the scales that timed one: a target holds at every size or not at all. */
    private static Target rerun(List<BenchJob.ScaleResult> scales) {
        String what = "a no-op re-run of the whole import under " + RERUN_SHARE + " of the first";
        List<BenchJob.ScaleResult> timed =
                scales.stream().filter(r -> r.rerun() != null).toList();
        if (timed.isEmpty()) {
            return new Target(
                    what, "no re-run timed (scales up to " + fmt(BenchJob.RERUN_UP_TO) + ")", Status.NOT_MEASURED);
        }
        String measured = timed.stream()
                .map(r -> String.format(Locale.ROOT, "%.2f at scale %s", share(r), fmt(r.scale())))
                .collect(Collectors.joining(", "));
        boolean met = timed.stream().allMatch(r -> share(r) < RERUN_SHARE);
        return new Target(what, measured, Status.of(met));
    }

    private static double share(BenchJob.ScaleResult r) {
        return r.rerun().importSeconds() / r.importSeconds();
    }

    private static Optional<BenchJob.ScaleResult> at(List<BenchJob.ScaleResult> scales, double scale) {
        return scales.stream().filter(r -> r.scale() == scale).findFirst();
    }

    private static Target notRun(String what, double scale) {
        return new Target(what, "scale " + fmt(scale) + " not in this run", Status.NOT_MEASURED);
    }

    private static String s(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String fmt(double scale) {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }
}
