package dev.crmmigrate.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's {@code main} in a child JVM with its own heap (the tests that prove a bounded memory footprint), with
 * this JVM's class path and the JVM flags of {@code conf/spark-jvm.args}; its output goes to a log file.
 */
public final class ChildJvm {
    /** What the child left: its exit code and everything it printed. */
    public record Outcome(int exit, String log) {}

    /** The JVM flags of every crm-migrate JVM (module openings for Spark, exit 3 on OutOfMemoryError). */
    public static final Path JVM_FLAGS = Path.of("conf", "spark-jvm.args");

    private ChildJvm() {}

    /**
     * @param jvmOptions e.g. {@code -Xmx512m}
     * @return the outcome, or an AssertionError when the child has not ended within {@code minutes}
     */
    public static Outcome run(Class<?> main, Path log, long minutes, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("@" + JVM_FLAGS.toAbsolutePath());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child " + main.getSimpleName() + " still running after " + minutes + " min:\n"
                    + Files.readString(log));
        }
        return new Outcome(p.exitValue(), Files.readString(log));
    }
}
