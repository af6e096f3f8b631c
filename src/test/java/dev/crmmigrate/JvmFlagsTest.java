package dev.crmmigrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags live in one file, {@code conf/spark-jvm.args}: it holds every module opening Spark itself asks for, and
 * no launcher, script, kernel or build file spells a flag out again.
 */
class JvmFlagsTest {
    static final Path FLAGS = Path.of("conf", "spark-jvm.args");

    /** Prints "WARNING: Using incubator modules" at every start; only Spark's ML BLAS uses it. */
    static final String LEFT_OUT = "--add-modules=jdk.incubator.vector";

    @Test
    void theFileHoldsEveryModuleOptionSparkAsksForExitsOnOutOfMemoryAndCollectsForThroughput() throws IOException {
        List<String> spark = new ArrayList<>(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        spark.remove(LEFT_OUT);
        assertThat(flags())
                .as("flags in %s", FLAGS)
                .containsAll(spark)
                .contains("-XX:+ExitOnOutOfMemoryError", "-XX:+UseParallelGC")
                .doesNotHaveDuplicates();
    }

    @Test
    void noOtherFileOfTheProjectRepeatsAFlag() throws IOException {
        List<String> repeated = new ArrayList<>();
        for (String root : List.of("pom.xml", "bin", "jobs", "notebooks", "conf", ".ci", "src")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (f.equals(FLAGS)
                            || f.endsWith("JvmFlagsTest.java")
                            || f.toString().endsWith(".class")) {
                        continue;
                    }
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    if (text.contains("--add-opens=") || text.contains("-Dio.netty.tryReflection")) {
                        repeated.add(f.toString());
                    }
                }
            }
        }
        assertThat(repeated).as("files that spell out JVM flags of %s", FLAGS).isEmpty();
    }

    static List<String> flags() throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(FLAGS)) {
            String code = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            flags.addAll(Arrays.stream(code.trim().split("\\s+"))
                    .filter(s -> !s.isEmpty())
                    .toList());
        }
        return flags;
    }
}
