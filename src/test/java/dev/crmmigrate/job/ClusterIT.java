package dev.crmmigrate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.support.Checksums;
import dev.crmmigrate.support.Cli;
import dev.crmmigrate.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contacts import submitted with spark-submit (jobs/import-contacts.sh) to a real Spark standalone cluster (a
 * master and two workers on loopback, SPARK_HOME assembled from the build's own jars): executors in their own JVMs,
 * and the same result as local[*]: same mapping, same counts, same table checksums.
 */
class ClusterIT {
    @TempDir
    static Path dir;

    static final List<Process> daemons = new ArrayList<>();
    static Path sparkHome;
    static int masterPort;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Process daemon(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        env(pb.environment());
        Process p = pb.start();
        daemons.add(p);
        return p;
    }

    static void env(Map<String, String> env) {
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // Every JVM of the cluster (master, workers, the executors they start, the driver) is short-lived and small
        // here: the client compiler alone, as for the launcher processes of the other tests (Cli.CLIENT_COMPILER).
        env.put("JAVA_TOOL_OPTIONS", Cli.CLIENT_COMPILER);
        dev.crmmigrate.support.TestDatabase.passwordEnvironment(env);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        sparkHome = dir.resolve("spark-home");
        Files.createDirectories(sparkHome);
        Files.createSymbolicLink(
                sparkHome.resolve("jars"), Path.of("target/lib").toAbsolutePath());
        masterPort = freePort();
        daemon(
                "master",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(masterPort),
                "--webui-port",
                String.valueOf(freePort()));
        String master = "spark://127.0.0.1:" + masterPort;
        for (int w = 0; w < 2; w++) {
            daemon(
                    "worker" + w,
                    "org.apache.spark.deploy.worker.Worker",
                    master,
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    "1",
                    "--memory",
                    "1g",
                    "--work-dir",
                    dir.resolve("worker" + w).toString(),
                    "--webui-port",
                    String.valueOf(freePort()));
        }
        waitForWorkers(2);
    }

    static void waitForWorkers(int n) throws Exception {
        Path log = dir.resolve("master.log");
        for (int i = 0; i < 120; i++) {
            if (Files.exists(log)) {
                long registered = Files.readAllLines(log).stream()
                        .filter(l -> l.contains("Registering worker"))
                        .count();
                if (registered >= n) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("workers did not register:\n" + Files.readString(log));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void contactsImportOnTheClusterEqualsLocal() throws Exception {
        Path data = Cli.generate(0.05, 3);
        Database local = Cli.referenceImport(data);

        Path clusterWork = dir.resolve("cluster");
        Database cluster = Cli.preparedDatabase("cluster_run", clusterWork, data);
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        "jobs/import-contacts.sh",
                        "--jdbc-url",
                        cluster.url(),
                        "--work-dir",
                        clusterWork.toString())
                .redirectErrorStream(true);
        env(pb.environment());
        pb.environment().put("SPARK_MASTER", "spark://127.0.0.1:" + masterPort);
        pb.environment().put("DEPLOY_MODE", "client");
        pb.environment().put("CRM_CONFIG", "");
        pb.environment()
                .put(
                        "SPARK_SUBMIT_OPTS_EXTRA",
                        "--total-executor-cores 2 --executor-cores 1 --executor-memory 768m "
                                + "--conf spark.driver.host=127.0.0.1 --conf spark.sql.shuffle.partitions=8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        // Executors ran in their own JVMs, one per worker: each worker's work dir holds the app's executor folder.
        long executorDirs = 0;
        for (int w = 0; w < 2; w++) {
            try (Stream<Path> s = Files.walk(dir.resolve("worker" + w), 2)) {
                executorDirs += s.filter(x -> x.getParent() != null
                                && x.getParent().getFileName().toString().startsWith("app-")
                                && Files.exists(x.resolve("stderr")))
                        .count();
            }
        }
        assertThat(executorDirs).as("executor JVMs on the workers").isGreaterThanOrEqualTo(2);

        assertThat(Checksums.stable(cluster))
                .as("same rows and ids as local[*]")
                .isEqualTo(Checksums.stable(local));
        assertThat(TestDatabase.count(cluster, "select count(*) from contact_person_map"))
                .isEqualTo(TestDatabase.count(local, "select count(*) from contact_person_map"))
                .isPositive();
        assertThat(TestDatabase.count(cluster, "select count(*) from migration_runs where job = 'import_contacts'"))
                .isEqualTo(1);
    }
}
