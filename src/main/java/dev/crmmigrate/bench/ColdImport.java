package dev.crmmigrate.bench;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.ConfigLoader;
import dev.crmmigrate.db.Database;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contacts import as a user runs it: {@code crm-migrate import contacts} in a JVM of its own (the bench's own java,
 * class path and JVM flags, nothing warm), timed from the process start to its exit, with the Spark jobs it reports.
 * The database's password goes through the environment, never the command line.
 */
public final class ColdImport {
    /** What one cold import took: wall seconds (JVM start to exit) and the Spark jobs the import itself ran. */
    public record Result(double seconds, int sparkJobs) {}

    private static final Pattern JOBS = Pattern.compile("\\[import_contacts\\]\\s+(\\d+) Spark jobs");
    /** JVM options of the bench that a measured import must not inherit (profilers, debuggers, recordings). */
    private static final List<String> NOT_INHERITED =
            List.of("-agentlib", "-agentpath", "-javaagent", "-XX:StartFlightRecording", "-Xrunjdwp");

    private ColdImport() {}

    /**
     * Runs the import on {@code db} with {@code workDir} as its work directory; its output goes to {@code log}.
     *
     * @throws RuntimeException when the import fails (the log names why)
     */
    public static Result run(Database db, Path workDir, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_INHERITED.stream().noneMatch(a::startsWith)) {
                cmd.add(a);
            }
        }
        cmd.addAll(
                List.of("-cp", System.getProperty("java.class.path"), "dev.crmmigrate.cli.Main", "import", "contacts"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("CRM_JDBC_URL", db.url());
        env.put("CRM_DB_USER", db.settings().user());
        env.put(ConfigLoader.TARGET_PASSWORD_ENV, db.settings().password().reveal());
        env.put("CRM_WORK_DIR", workDir.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.getParent());
            long t = System.nanoTime();
            Process p = pb.start();
            int exit = p.waitFor();
            double seconds = (System.nanoTime() - t) / 1e9;
            String out = Files.readString(log);
            if (exit != 0) {
                throw Errors.runtime("the cold import exited with %d; its output is in %s", exit, log);
            }
            return new Result(seconds, jobs(out));
        } catch (IOException e) {
            throw Errors.runtime("the cold import could not run: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.runtime("interrupted while the cold import ran");
        }
    }

    /** The Spark jobs an import's output reports, or -1 when it reports none. */
    static int jobs(String output) {
        Matcher m = JOBS.matcher(output);
        int n = -1;
        while (m.find()) {
            n = Integer.parseInt(m.group(1));
        }
        return n;
    }
}
