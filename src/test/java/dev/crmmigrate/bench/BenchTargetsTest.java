package dev.crmmigrate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.bench.BenchTargets.Status;
import dev.crmmigrate.bench.BenchTargets.Target;
import dev.crmmigrate.report.BenchReport;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A bench run judges the targets on its own figures: met, missed, or not measured when its scale was not run. */
class BenchTargetsTest {
    private static BenchJob.ScaleResult scale(double scale, double importSeconds, double peerSeconds, Double rerun) {
        return new BenchJob.ScaleResult(
                scale,
                (long) (32_584 * scale),
                0,
                importSeconds,
                Map.of("load: COPY", importSeconds / 2),
                1L << 30,
                rerun == null ? null : new BenchJob.Rerun(rerun, 0.5, 0),
                new BenchJob.Peer(peerSeconds, List.of()),
                null);
    }

    private static BenchJob.ScaleResult coldScale(double scale, double peerSeconds, ColdImport.Result cold) {
        return new BenchJob.ScaleResult(
                scale,
                (long) (32_584 * scale),
                0,
                cold.seconds(),
                Map.of(),
                1L << 30,
                null,
                new BenchJob.Peer(peerSeconds, List.of()),
                cold);
    }

    private static BenchJob.LoadPath path(double rawCopy, double loader) {
        return new BenchJob.LoadPath(1000, rawCopy, loader, 1, 0.1, 1, 2, Map.of(), Map.of(), Map.of());
    }

    private static Map<String, Target> byName(List<Target> targets) {
        return targets.stream().collect(Collectors.toMap(Target::target, Function.identity()));
    }

    @Test
    void eachTargetIsJudgedOnTheFiguresOfTheRun() {
        List<Target> judged = BenchTargets.judge(
                List.of(scale(1, 11.9, 3, 5.0), scale(10, 80, 50, 30.0), scale(100, 400, 300, null)),
                path(3.5, 5.0),
                100);
        Map<String, Target> t = byName(judged);

        assertThat(t.get("scale 1 in at most 12.0 s").status()).isEqualTo(Status.MET);
        assertThat(t.get("at most 1.5x the SQL peer at scale 10"))
                .extracting(Target::measured, Target::status)
                .containsExactly("1.60x (80.0 s against 50.0 s)", Status.MISSED);
        assertThat(t.get("at most 1.5x the SQL peer at scale 100").status()).isEqualTo(Status.MET);
        assertThat(t.get("scale 100 in under 360.0 s").status()).isEqualTo(Status.MISSED);
        assertThat(t.get("the loader at 0.7 or more of raw COPY on empty targets"))
                .extracting(Target::measured, Target::status)
                .containsExactly("0.70 at scale 100", Status.MET);
        // Scale 1's re-run is 0.42 of its import: one size over the limit misses the target, whatever the others do.
        assertThat(t.get("a no-op re-run of the whole import under 0.3 of the first"))
                .extracting(Target::measured, Target::status)
                .containsExactly("0.42 at scale 1, 0.38 at scale 10", Status.MISSED);
    }

    @Test
    void aScaleNotRunIsNotMeasuredNeverMet() {
        Map<String, Target> t = byName(BenchTargets.judge(List.of(scale(1, 10, 1, null)), null, 1));

        assertThat(t.get("scale 300 in under 1200.0 s"))
                .extracting(Target::measured, Target::status)
                .containsExactly("scale 300 not in this run", Status.NOT_MEASURED);
        assertThat(t.get("t(300) / t(100) at most 3.3").status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(t.get("the loader at 0.7 or more of raw COPY on empty targets")
                        .status())
                .isEqualTo(Status.NOT_MEASURED);
        assertThat(t.get("a no-op re-run of the whole import under 0.3 of the first")
                        .status())
                .isEqualTo(Status.NOT_MEASURED);
    }

    @Test
    void growthFromScale100To300IsJudgedWhenBothRan() {
        Map<String, Target> t = byName(
                BenchTargets.judge(List.of(scale(100, 300, 250, null), scale(300, 1100, 900, null)), path(1, 1), 300));

        assertThat(t.get("scale 300 in under 1200.0 s").status()).isEqualTo(Status.MET);
        assertThat(t.get("t(300) / t(100) at most 3.3"))
                .extracting(Target::measured, Target::status)
                .containsExactly("3.67", Status.MISSED);
    }

    @Test
    void theReportPrintsTheVerdicts() {
        String md = BenchReport.render(List.of(scale(1, 20, 4, 12.0)), path(3, 4), 1);

        assertThat(md)
                .contains("## Targets, judged on this run")
                .contains("| scale 1 in at most 12.0 s | 20.0 s | **missed** |")
                .contains("| scale 300 in under 1200.0 s | scale 300 not in this run | not measured |");
    }

    @Test
    void coldImportsAreJudgedOnTheirWallTimeJobsAndThePeer() {
        BenchJob.ScaleResult one = coldScale(1, 4, new ColdImport.Result(19.5, 30));
        BenchJob.ScaleResult ten = coldScale(10, 40, new ColdImport.Result(50, 31));
        Map<String, Target> t = byName(
                BenchTargets.judgeCold(List.of(one, ten), new BenchJob.Small(8, new ColdImport.Result(9.5, 22), 0.2)));
        assertThat(t.get("at most 30 Spark jobs per contacts import"))
                .extracting(Target::measured, Target::status)
                .containsExactly("22 (8 contacts), 30 (scale 1), 31 (scale 10)", Status.MISSED);
        assertThat(t.get("an 8-contact import in at most 10.0 s wall, JVM start included")
                        .status())
                .isEqualTo(Status.MET);
        assertThat(t.get("scale 1 cold in at most 15.0 s and 5x the SQL peer"))
                .extracting(Target::measured, Target::status)
                .containsExactly("19.5 s, 4.88x (the peer: 4.0 s)", Status.MISSED);
        assertThat(t.get("scale 10 cold at most 1.3x the SQL peer"))
                .extracting(Target::measured, Target::status)
                .containsExactly("50.0 s, 1.25x (the peer: 40.0 s)", Status.MET);
        assertThat(t.get("scale 100 cold at most 1.1x the SQL peer").status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(BenchTargets.judgeCold(List.of(), null))
                .allSatisfy(x -> assertThat(x.status()).isEqualTo(Status.NOT_MEASURED));
    }

    @Test
    void theColdImportsJobsAreReadFromItsOutput() {
        assertThat(ColdImport.jobs("[import_contacts 4/5]   checks passed\n[import_contacts]   22 Spark jobs\n"))
                .isEqualTo(22);
        assertThat(ColdImport.jobs("nothing")).isEqualTo(-1);
    }
}
