package dev.crmmigrate.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.db.SchemaMigrator;
import dev.crmmigrate.demo.DemoGenerator;
import dev.crmmigrate.job.ContactsImportJob;
import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.job.JobContext;
import dev.crmmigrate.job.SeedLegacyJob;
import dev.crmmigrate.job.SourceImportJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** bin/crm-migrate as a user runs it: a separate process with its own environment. */
public final class Cli {
    private Cli() {}

    public record Outcome(int exit, String output) {}

    /** The JVM flag that keeps a short-lived child JVM of a test on the client compiler (C1) only. */
    public static final String CLIENT_COMPILER = "-XX:TieredStopAtLevel=1";

    public static Outcome run(Path work, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "bin/crm-migrate"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CRM_WORK_DIR", work.toString());
        pb.environment().put("CRM_EMBEDDED_PORT", "0");
        pb.environment().put("CRM_DRIVER_MEMORY", "2g");
        // A test choice, as for the notebook kernels: each launcher process here is a short command on a small data
        // set, and its C2 compiler threads take CPU from the test beside it on the two cores. The client compiler
        // alone does the same work with less CPU; what the process computes is the same.
        pb.environment().put("JAVA_OPTS", CLIENT_COMPILER);
        pb.environment().remove(dev.crmmigrate.Faults.VARIABLE);
        TestDatabase.passwordEnvironment(pb.environment());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), out);
    }

    /** Held while a data set is generated or a prepared database is built; the reference import has its own. */
    private static final Object PREPARING = new Object();

    private static final Object REFERENCING = new Object();
    private static final Map<Path, String> PREPARED = new HashMap<>();
    private static final Map<String, Path> GENERATED = new HashMap<>();
    private static final Map<Path, Database> REFERENCE = new HashMap<>();

    /**
     * The uninterrupted {@code import contacts} of a prepared data set, run once per test JVM (in this JVM: the same
     * job the launcher runs, on {@code local[2,2]}): the integration tests that must end with the same rows and ids
     * (killed and resumed, on a cluster) compare with this one result. Compare it, never write to it.
     */
    public static Database referenceImport(Path data) throws IOException {
        // Its own lock: an IT that only needs a prepared database does not wait for this import.
        synchronized (REFERENCING) {
            Database db = REFERENCE.get(data);
            if (db == null) {
                Path work = TempDirs.create("crm-migrate-it-reference");
                db = preparedDatabase("reference", work, data);
                ImportOutcome out = ContactsImportJob.run(context(db, work), null);
                assertThat(out.checks())
                        .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
                REFERENCE.put(data, db);
            }
            return db;
        }
    }

    /**
     * A fresh database with the legacy tables seeded from {@code data} and the QOZB and Family Office imports done.
     * They are the preparation, not what an integration test proves, so they run in this JVM, where they start warm;
     * the step under test runs in the launcher. The first database per data set is built step by step; later ones are
     * copies of it (CREATE DATABASE … TEMPLATE), which is what they would be anyway.
     */
    public static Database preparedDatabase(String name, Path work, Path data) {
        synchronized (PREPARING) {
            String base = PREPARED.get(data);
            if (base == null) {
                Database db = TestDatabase.freshDatabase("prepared");
                JobContext ctx = context(db, work);
                SeedLegacyJob.run(db, data);
                SchemaMigrator.migrate(db, SchemaMigrator.Location.CRM);
                SourceImportJob.run(ctx, SourceImportJob.Kind.QOZB, data.resolve("crm/qozb_properties.csv"));
                SourceImportJob.run(
                        ctx, SourceImportJob.Kind.FAMILY_OFFICE, data.resolve("crm/family_office_contacts.csv"));
                base = db.url().substring(db.url().lastIndexOf('/') + 1);
                PREPARED.put(data, base);
            }
            return TestDatabase.copyOf(base, name);
        }
    }

    /** A job context in this JVM on {@code db}, with {@code work} as its work directory. */
    public static JobContext context(Database db, Path work) {
        return TestJobs.context(db, work);
    }

    /** A small demo data set (once per scale and seed in this JVM), generated in this JVM as {@code generate} does. */
    public static Path generate(double scale, long seed) throws IOException {
        synchronized (PREPARING) {
            Path known = GENERATED.get(scale + ":" + seed);
            if (known != null) {
                return known;
            }
            Path data = TempDirs.create("crm-migrate-it-data").resolve("data");
            new DemoGenerator(TestSpark.get()).generate(scale, seed, data);
            GENERATED.put(scale + ":" + seed, data);
            return data;
        }
    }
}
