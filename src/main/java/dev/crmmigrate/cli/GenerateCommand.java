package dev.crmmigrate.cli;

import dev.crmmigrate.config.CrmConfig;
import dev.crmmigrate.demo.DemoGenerator;
import dev.crmmigrate.spark.SparkSessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write the demo data set: outreach lists, the QOZB and Family Office exports, the legacy tables as CSV,",
            "expected.json (the figures of this data set) and the organization near-duplicate ground truth.",
            "At --scale 1 it plants the field report's figures; the same --seed gives byte-identical files."
        })
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description = "Size relative to the field report (default ${DEFAULT-VALUE}; 0.01 … 300).")
    double scale;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default <work_dir>/demo).")
    Path out;

    @Override
    public Integer call() {
        CrmConfig config = common.load();
        Path dir = out != null ? out : config.workDir().resolve("demo");
        long t0 = System.nanoTime();
        SparkSession spark = SparkSessions.create(config);
        try {
            DemoGenerator.Result r = new DemoGenerator(spark).generate(scale, seed, dir);
            r.rowsWritten().forEach((file, n) -> System.out.printf("  %-45s %,12d rows%n", file, n));
            System.out.printf(
                    "demo data set (scale %s, seed %d) written to %s in %.1f s%n",
                    scale, seed, dir.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        } finally {
            spark.stop();
        }
        return 0;
    }
}
