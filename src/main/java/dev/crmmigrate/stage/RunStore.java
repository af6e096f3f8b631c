package dev.crmmigrate.stage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmmigrate.Errors;
import dev.crmmigrate.Faults;
import dev.crmmigrate.spark.Observations;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Delta staging of one run: every phase's output is a Delta table under {@code <work>/runs/<run-id>/<phase>}. A Delta
 * commit is atomic, so a phase whose table exists is complete and is read back instead of recomputed: a run
 * interrupted anywhere resumes from its staged phases. A run is finished when its {@code COMMITTED} marker exists.
 *
 * <p>Staged tables hold raw values (rejects keep the bad input so it can be fixed), so the runs folder and each run
 * folder are created owner-only (0700), and the folders and files of each staged table are closed (0700 and 0600)
 * once it is written.
 */
public final class RunStore {
    private static final String COMMITTED = "COMMITTED";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final Path runDir;
    private final String runId;
    private final boolean resumed;

    private RunStore(SparkSession spark, Path runDir, String runId, boolean resumed) {
        this.spark = spark;
        this.runDir = runDir;
        this.runId = runId;
        this.resumed = resumed;
    }

    /**
     * Opens the run of a job: the given run id, else the newest unfinished run of that job (resume), else a new one.
     */
    public static RunStore open(SparkSession spark, Path runsDir, String job, String runId) {
        try {
            ownerOnly(runsDir);
            if (runId != null) {
                if (!runId.matches("[A-Za-z0-9_-]{1,100}")) {
                    throw Errors.config("--run-id '%s' is not valid; use letters, digits, '-' and '_'", runId);
                }
                Path dir = runsDir.resolve(runId);
                boolean exists = Files.isDirectory(dir);
                ownerOnly(dir);
                return new RunStore(spark, dir, dir.getFileName().toString(), exists);
            }
            Optional<Path> unfinished;
            try (Stream<Path> runs = Files.list(runsDir)) {
                unfinished = runs.filter(d -> d.getFileName().toString().startsWith(job + "_"))
                        .filter(d -> !Files.exists(d.resolve(COMMITTED)))
                        .max(Comparator.comparing(d -> d.getFileName().toString()));
            }
            if (unfinished.isPresent()) {
                return new RunStore(
                        spark, unfinished.get(), unfinished.get().getFileName().toString(), true);
            }
            String id = RunIds.next(job);
            Path dir = runsDir.resolve(id);
            for (int i = 2; Files.exists(dir); i++) {
                dir = runsDir.resolve(id + "_" + i);
            }
            ownerOnly(dir);
            return new RunStore(spark, dir, dir.getFileName().toString(), false);
        } catch (IOException e) {
            throw Errors.runtime("the run folder under %s could not be created: %s", runsDir, e.getMessage());
        }
    }

    /** Creates a folder (and its missing parents) readable by the owner alone; an existing one is made so. */
    static void ownerOnly(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * Hadoop's local writers follow the process umask, whatever umask their configuration names: close every folder
     * (0700) and file (0600) of a staged table once it is written. Nobody else could reach them before either, since
     * the run folder is 0700 from the start.
     */
    private static void closeTable(Path table) {
        if (!Files.isDirectory(table)
                || !table.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> all = Files.walk(table)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        } catch (IOException e) {
            throw Errors.runtime("the permissions of %s could not be set: %s", table, e.getMessage());
        }
    }

    public String runId() {
        return runId;
    }

    public Path dir() {
        return runDir;
    }

    public boolean resumed() {
        return resumed;
    }

    public boolean has(String phase) {
        return DeltaTable.isDeltaTable(spark, path(phase));
    }

    /** An import's staged table: computed and written once, read back from Delta after that. */
    public Dataset<Row> stage(Phase phase, Supplier<Dataset<Row>> compute) {
        return stage(phase.dir(), compute);
    }

    /** An import's staged table that is only counted or read by {@code explain} later. */
    public void write(Phase phase, Supplier<Dataset<Row>> compute) {
        write(phase.dir(), compute);
    }

    /** The rows of an import's staged table, from the commit that wrote it. */
    public long rows(Phase phase) {
        return rows(phase.dir());
    }

    /** The staged table of a phase: computed and written once, read back from Delta after that. */
    public Dataset<Row> stage(String phase, Supplier<Dataset<Row>> compute) {
        write(phase, compute);
        return spark.read().format("delta").load(path(phase));
    }

    /** A staged table and the figures observed while it was written. */
    public record Observed(Dataset<Row> table, Map<String, Long> figures) {
        public long figure(String name) {
            Long v = figures.get(name);
            if (v == null) {
                throw new IllegalArgumentException(
                        "no figure '" + name + "' was observed; observed: " + figures.keySet());
            }
            return v;
        }
    }

    /**
     * The staged table of a phase and its figures, computed in the job that writes it: each metric is an aggregate
     * over the written rows ({@link Dataset#observe}), so a figure costs no job of its own. The figures are kept in
     * {@code <phase>.figures.json} beside the table; a run resumed after the table's commit but before that file
     * computes them again, with the same aggregates over the staged rows (one job).
     *
     * @param metrics name → aggregate expression over the rows written (count, sum of a flag …)
     */
    public Observed stageObserved(
            Phase phase, Supplier<Dataset<Row>> compute, Map<String, Column> metrics, String... partitionBy) {
        return stageObserved(phase.dir(), compute, metrics, partitionBy);
    }

    private Observed stageObserved(
            String phase, Supplier<Dataset<Row>> compute, Map<String, Column> metrics, String... partitionBy) {
        Path figuresFile = runDir.resolve(phase + ".figures.json");
        Map<String, Long> figures = null;
        if (!isStaged(phase)) {
            Observation observation = new Observation(phase);
            Column[] exprs = aliased(metrics);
            compute.get()
                    .observe(observation, exprs[0], Arrays.copyOfRange(exprs, 1, exprs.length))
                    .write()
                    .format("delta")
                    .partitionBy(partitionBy)
                    .mode("overwrite")
                    .save(path(phase));
            closeTable(runDir.resolve(phase));
            figures = longs(Observations.metrics(observation, phase));
            Faults.staged(phase);
        } else if (Files.isRegularFile(figuresFile)) {
            try {
                figures = JSON.readValue(figuresFile.toFile(), new TypeReference<LinkedHashMap<String, Long>>() {});
            } catch (IOException e) {
                figures = null; // computed again below
            }
        }
        Dataset<Row> table = spark.read().format("delta").load(path(phase));
        if (figures == null || !figures.keySet().containsAll(metrics.keySet())) {
            Column[] exprs = aliased(metrics);
            Row r = table.agg(exprs[0], Arrays.copyOfRange(exprs, 1, exprs.length))
                    .first();
            Map<String, Object> values = new LinkedHashMap<>();
            for (String name : metrics.keySet()) {
                values.put(name, r.getAs(name));
            }
            figures = longs(values);
        }
        try {
            JSON.writeValue(figuresFile.toFile(), figures);
            ownerOnlyFile(figuresFile);
        } catch (IOException e) {
            throw Errors.runtime("the figures of %s could not be written: %s", phase, e.getMessage());
        }
        return new Observed(table, Collections.unmodifiableMap(figures));
    }

    /**
     * The change plan of an import ({@link ChangePlan}): every CRM table's rows in one Delta table, partitioned by
     * table, written in one job that also counts them.
     */
    public ChangePlan.Staged stagePlan(Set<StagedTable> tables, Supplier<Map<StagedTable, Dataset<Row>>> compute) {
        Observed o = stageObserved(
                Phase.PLAN.dir(), () -> ChangePlan.of(compute.get()), ChangePlan.metrics(tables), ChangePlan.TARGET);
        return ChangePlan.read(o.table(), tables, o.figures());
    }

    private static Column[] aliased(Map<String, Column> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a staged phase observes at least one figure");
        }
        return metrics.entrySet().stream().map(e -> e.getValue().as(e.getKey())).toArray(Column[]::new);
    }

    /** Observed values as longs; an aggregate over no rows (a sum of nothing) is 0. */
    private static Map<String, Long> longs(Map<String, ?> values) {
        Map<String, Long> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v == null ? 0L : ((Number) v).longValue()));
        return out;
    }

    private static void ownerOnlyFile(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Whether a phase's table was committed (its Delta log exists and holds a version). */
    public boolean isStaged(String phase) {
        return Files.isDirectory(runDir.resolve(phase).resolve("_delta_log"))
                && DeltaTable.isDeltaTable(spark, path(phase));
    }

    /**
     * Writes a phase's table once, for a phase only counted ({@link #rows}) or read by {@code explain} later: no
     * snapshot of it is built in this run.
     */
    public void write(String phase, Supplier<Dataset<Row>> compute) {
        String path = path(phase);
        if (!isStaged(phase)) {
            compute.get().write().format("delta").mode("overwrite").save(path);
            closeTable(runDir.resolve(phase));
            Faults.staged(phase);
        }
    }

    /**
     * The rows a phase's table holds, from the Delta commit that wrote it ({@code operationMetrics.numOutputRows} of
     * version 0): a figure for free, where a {@code count()} would be a Delta snapshot and two or three Spark jobs.
     * A table whose commit has no such metric (metrics turned off) is counted.
     */
    public long rows(String phase) {
        Path commit = runDir.resolve(phase).resolve("_delta_log").resolve(String.format("%020d.json", 0));
        try (Stream<String> lines = Files.lines(commit)) {
            for (String line : lines.toList()) {
                JsonNode n = JSON.readTree(line)
                        .path("commitInfo")
                        .path("operationMetrics")
                        .path("numOutputRows");
                if (!n.isMissingNode()) {
                    return Long.parseLong(n.asText());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // counted below
        }
        return spark.read().format("delta").load(path(phase)).count();
    }

    private String path(String phase) {
        return runDir.resolve(phase).toAbsolutePath().toString();
    }

    public void markCommitted() {
        try {
            Files.writeString(runDir.resolve(COMMITTED), Instant.now().toString());
        } catch (IOException e) {
            throw Errors.runtime("the run marker in %s could not be written: %s", runDir, e.getMessage());
        }
    }
}
