package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.support.ChildJvm;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability scenario 8, the big one: a 1 GB CSV list is read by the product's reader in a JVM whose heap is half the
 * file's size (a quarter of its size as Java text), so it can only pass if the file is streamed. Ten ragged rows are
 * planted; every one comes back as a reject with its line, and read = loaded + rejected.
 */
class HugeCsvIT {
    static final int ROWS = 1_000_000;
    static final int BAD_EVERY = 100_000;

    @TempDir
    Path dir;

    @Test
    void aOneGigabyteListIsStreamedUnderAHalfGigabyteHeap() throws Exception {
        Path file = dir.resolve("huge.csv");
        List<Long> planted = new ArrayList<>();
        String pad = "x".repeat(960);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("email,company,full name\r\n");
            for (int i = 0; i < ROWS; i++) {
                if (i % BAD_EVERY == BAD_EVERY - 1) {
                    w.write("bad" + i + "@example.com,only two fields\r\n");
                    planted.add(i + 2L);
                } else {
                    w.write("person" + i + "@example.com,\"Company " + i + ", " + pad + "\",Name " + i + "\r\n");
                }
            }
        }
        assertThat(Files.size(file)).isGreaterThan(1_000_000_000L);

        ChildJvm.Outcome child =
                ChildJvm.run(HugeCsvIT.class, dir.resolve("child.log"), 15, List.of("-Xmx512m"), file.toString());
        String log = child.log();
        assertThat(child.exit()).as(log).isZero();
        String result =
                log.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(log));
        assertThat(result)
                .isEqualTo("RESULT read=%d loaded=%d rejected=%d lines=%s"
                        .formatted(ROWS, ROWS - planted.size(), planted.size(), planted));
    }

    /** The child: one pass over the file through the product's reader, counted by Spark. */
    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("huge-csv")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        Path file = Path.of(args[0]);
        Row r = CsvSource.read(
                        spark,
                        file,
                        StandardCharsets.UTF_8,
                        Map.of("email", List.of(), "company", List.of(), "full_name", List.of("full name")),
                        List.of("email", "company", "full_name"),
                        List.of("email"))
                .records()
                .agg(
                        count(lit(1)),
                        count(when(col(CsvSource.REASON).isNull(), lit(1))),
                        collect_list(when(col(CsvSource.REASON).isNotNull(), col(CsvSource.LINE))))
                .first();
        List<Long> lines = new ArrayList<>(r.getList(2));
        lines.sort(null);
        System.out.println("RESULT read=%d loaded=%d rejected=%d lines=%s"
                .formatted(r.getLong(0), r.getLong(1), lines.size(), lines));
        System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        spark.stop();
    }
}
