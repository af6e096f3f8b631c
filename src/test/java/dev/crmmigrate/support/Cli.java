package dev.crmmigrate.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    public static Outcome run(Path work, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "bin/crm-migrate"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CRM_WORK_DIR", work.toString());
        pb.environment().put("CRM_EMBEDDED_PORT", "0");
        pb.environment().put("CRM_DRIVER_MEMORY", "2g");
        pb.environment().remove(dev.crmmigrate.Faults.VARIABLE);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), out);
    }

    private static final Map<Path, String> PREPARED = new HashMap<>();
    private static final Map<String, Path> GENERATED = new HashMap<>();
    private static final Map<Path, Database> REFERENCE = new HashMap<>();

    /**
     * The uninterrupted {@code import contacts} of a prepared data set, run once per test JVM: the integration tests
     * that must end with the same rows and ids (killed and resumed, on a cluster) compare with this one result.
     * Compare it, never write to it.
     */
    public static synchronized Database referenceImport(Path data) throws IOException, InterruptedException {
        Database db = REFERENCE.get(data);
        if (db == null) {
            Path work = Files.createTempDirectory("crm-migrate-it-reference");
            db = preparedDatabase("reference", work, data);
            Outcome ok = run(work, Map.of(), "import", "contacts", "--jdbc-url", db.url());
            assertThat(ok.exit()).as(ok.output()).isZero();
            REFERENCE.put(data, db);
        }
        return db;
    }

    /**
     * A fresh database with the legacy tables seeded from {@code data} and the QOZB and Family Office imports done by
     * the launcher. The first one per data set is built step by step; later ones are copies of it (CREATE DATABASE …
     * TEMPLATE), which is what they would be anyway.
     */
    public static synchronized Database preparedDatabase(String name, Path work, Path data)
            throws IOException, InterruptedException {
        String base = PREPARED.get(data);
        if (base == null) {
            Database db = build(work, data);
            base = db.url().substring(db.url().lastIndexOf('/') + 1);
            PREPARED.put(data, base);
        }
        return TestDatabase.copyOf(base, name);
    }

    private static Database build(Path work, Path data) throws IOException, InterruptedException {
        Database db = TestDatabase.freshDatabase("prepared");
        for (String[] step : new String[][] {
            {"seed-legacy", "--from", data.toString()},
            {"schema"},
            {"import", "qozb", "--file", data.resolve("crm/qozb_properties.csv").toString()},
            {
                "import",
                "family-office",
                "--file",
                data.resolve("crm/family_office_contacts.csv").toString()
            }
        }) {
            List<String> a = new ArrayList<>(List.of(step));
            a.addAll(List.of("--jdbc-url", db.url()));
            Outcome o = run(work, Map.of(), a.toArray(String[]::new));
            assertThat(o.exit()).as(String.join(" ", step) + "\n" + o.output()).isZero();
        }
        return db;
    }

    /** Generates a small demo data set with the launcher (once per scale and seed in this JVM). */
    public static synchronized Path generate(Path dir, double scale, long seed)
            throws IOException, InterruptedException {
        Path known = GENERATED.get(scale + ":" + seed);
        if (known != null) {
            return known;
        }
        Path data = Files.createTempDirectory("crm-migrate-it-data").resolve("data");
        Outcome g = run(
                dir.resolve("gen"),
                Map.of(),
                "generate",
                "--scale",
                String.valueOf(scale),
                "--seed",
                String.valueOf(seed),
                "--out",
                data.toString());
        assertThat(g.exit()).as(g.output()).isZero();
        GENERATED.put(scale + ":" + seed, data);
        return data;
    }
}
