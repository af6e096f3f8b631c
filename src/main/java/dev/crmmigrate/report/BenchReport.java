package dev.crmmigrate.report;

import com.sun.management.OperatingSystemMXBean;
import dev.crmmigrate.bench.BenchJob;
import dev.crmmigrate.bench.BenchTargets;
import dev.crmmigrate.bench.ColdImport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The benchmark tables ({@code docs/benchmarks.md}) from a bench outcome. */
public final class BenchReport {
    /** The heading from which docs/benchmarks.md is written by hand and kept when the tables are measured again. */
    static final String FINDINGS = "## Findings";

    private BenchReport() {}

    /** Writes the tables to {@code out}, keeping what was written by hand from {@value #FINDINGS} on. */
    public static void write(Path out, String md) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        String findings = Files.exists(out) ? Files.readString(out) : "";
        int at = findings.indexOf(FINDINGS);
        Files.writeString(out, at < 0 ? md : md.stripTrailing() + "\n\n" + findings.substring(at));
    }

    private static String step(Map<String, Double> steps, String k) {
        return steps.containsKey(k) ? String.format(Locale.ROOT, "%.2f", steps.get(k)) : "—";
    }

    private static String status(BenchTargets.Status s) {
        return switch (s) {
            case MET -> "met";
            case MISSED -> "**missed**";
            case NOT_MEASURED -> "not measured";
        };
    }

    public static String render(List<BenchJob.ScaleResult> results, BenchJob.LoadPath p, double largest) {
        return render(results, null, p, largest);
    }

    /** @param small the cold {@value BenchJob#SMALL_CONTACTS}-contact import, or null when not run */
    public static String render(
            List<BenchJob.ScaleResult> results, BenchJob.Small small, BenchJob.LoadPath p, double largest) {
        Markdown md = new Markdown().title("crm-migrate benchmarks");
        Runtime rt = Runtime.getRuntime();
        long ram = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        md.text(String.format(
                Locale.ROOT,
                "Machine: %d cores, %.1f GiB RAM, %.1f GiB driver heap limit, Java %s, %s. Measured on %s by "
                        + "`crm-migrate bench` (JVM start excluded; generation not counted in the import).",
                rt.availableProcessors(),
                ram / 1073741824.0,
                rt.maxMemory() / 1073741824.0,
                System.getProperty("java.version"),
                System.getProperty("os.name"),
                LocalDate.now()));
        List<String[]> targets = new ArrayList<>();
        for (BenchTargets.Target t : BenchTargets.judge(results, p, largest)) {
            targets.add(new String[] {t.target(), t.measured(), status(t.status())});
        }
        for (BenchTargets.Target t : BenchTargets.judgeCold(results, small)) {
            targets.add(new String[] {t.target(), t.measured(), status(t.status())});
        }
        md.heading("Targets, judged on this run").table(new String[] {"Target", "Measured", "Status"}, targets);
        cold(md, results, small);
        List<String> phases = new ArrayList<>();
        results.forEach(r -> r.phases().keySet().forEach(k -> {
            if (!phases.contains(k)) {
                phases.add(k);
            }
        }));
        List<String> head =
                new ArrayList<>(List.of("Scale", "Contacts", "Generate s", "Import s", "Contacts/s", "Peak heap MiB"));
        List<String[]> rows = new ArrayList<>();
        for (BenchJob.ScaleResult r : results) {
            rows.add(new String[] {
                Markdown.fmt(r.scale()),
                Markdown.fmt(r.contacts()),
                Markdown.fmt(r.generateSeconds()),
                Markdown.fmt(r.importSeconds()),
                Markdown.fmt(r.contacts() / Math.max(r.importSeconds(), 1e-9)),
                Markdown.fmt(r.peakHeapBytes() / 1048576)
            });
        }
        md.heading("Contacts import per scale").table(head.toArray(String[]::new), rows);
        List<String[]> peers = new ArrayList<>();
        for (BenchJob.ScaleResult r : results) {
            peers.add(new String[] {
                Markdown.fmt(r.scale()),
                Markdown.fmt(r.importSeconds()),
                Markdown.fmt(r.peer().seconds()),
                String.format(
                        Locale.ROOT,
                        "%.1f",
                        r.importSeconds() / Math.max(r.peer().seconds(), 1e-9)),
                r.peer().differingTables().isEmpty()
                        ? "yes"
                        : "NO: " + String.join(", ", r.peer().differingTables())
            });
        }
        md.heading("The SQL peer: the same import as set-based SQL inside PostgreSQL")
                .table(
                        new String[] {
                            "Scale", "Import s", "SQL peer s", "Import / peer", "Same row counts in the 8 CRM tables"
                        },
                        peers);
        List<String[]> reruns = new ArrayList<>();
        for (BenchJob.ScaleResult r : results) {
            if (r.rerun() != null) {
                double load = BenchJob.loadSeconds(r.phases());
                reruns.add(new String[] {
                    Markdown.fmt(r.scale()),
                    Markdown.fmt(load),
                    Markdown.fmt(r.rerun().importSeconds()),
                    Markdown.fmt(r.rerun().loadSeconds()),
                    String.format(Locale.ROOT, "%.2f", r.rerun().loadSeconds() / Math.max(load, 1e-9)),
                    Markdown.fmt(r.rerun().rowsChanged())
                });
            }
        }
        if (!reruns.isEmpty()) {
            md.heading("A re-run of the contacts import (same sources, new run)")
                    .table(
                            new String[] {
                                "Scale",
                                "First load s",
                                "Re-run import s",
                                "Re-run load s",
                                "Re-run load / first load",
                                "Rows changed"
                            },
                            reruns);
        }
        List<String[]> phaseRows = new ArrayList<>();
        for (String ph : phases) {
            String[] r = new String[results.size() + 1];
            r[0] = ph;
            for (int i = 0; i < results.size(); i++) {
                r[i + 1] = Markdown.fmt(results.get(i).phases().getOrDefault(ph, 0.0));
            }
            phaseRows.add(r);
        }
        String[] ph = new String[results.size() + 1];
        ph[0] = "Phase (seconds)";
        for (int i = 0; i < results.size(); i++) {
            ph[i + 1] = "scale " + Markdown.fmt(results.get(i).scale());
        }
        md.heading("Wall time per phase").table(ph, phaseRows);
        double raw = p.rows() / p.rawCopy();
        md.heading("Load path at scale " + Markdown.fmt(largest) + " (people + emails, " + Markdown.fmt(p.rows())
                        + " rows, empty indexed tables)")
                .table(
                        new String[] {"Path", "Seconds", "Rows/s", "vs raw COPY"},
                        Arrays.asList(
                                new String[] {
                                    "(a) raw COPY into the tables", Markdown.fmt(p.rawCopy()), Markdown.fmt(raw), "1.0"
                                },
                                new String[] {
                                    "(b) our loader: COPY into staging + upsert transaction",
                                    Markdown.fmt(p.loader()),
                                    Markdown.fmt(p.rows() / p.loader()),
                                    String.format(Locale.ROOT, "%.2f", p.rawCopy() / p.loader())
                                },
                                new String[] {
                                    "(b') our loader, no-op re-run: the rows a re-run's plan stages (none)",
                                    Markdown.fmt(p.rerunLoad()),
                                    "—",
                                    String.format(Locale.ROOT, "%.2f of a first load", p.rerunLoad() / p.loader())
                                },
                                new String[] {
                                    "(b'') the re-run's plan: staged rows against the CRM, what changes it staged in "
                                            + "Delta",
                                    Markdown.fmt(p.rerunPlan()),
                                    "—",
                                    String.format(Locale.ROOT, "%.2f of a first load", p.rerunPlan() / p.loader())
                                },
                                new String[] {
                                    "(b''') our loader given every row again (the database skips the known ones)",
                                    Markdown.fmt(p.sameRowsAgain()),
                                    "—",
                                    String.format(Locale.ROOT, "%.2f of a first load", p.sameRowsAgain() / p.loader())
                                },
                                new String[] {
                                    "(c) Spark JDBC writer, reWriteBatchedInserts",
                                    Markdown.fmt(p.sparkJdbc()),
                                    Markdown.fmt(p.rows() / p.sparkJdbc()),
                                    String.format(Locale.ROOT, "%.2f", p.rawCopy() / p.sparkJdbc())
                                }));
        md.text("Each path: the best of " + BenchJob.REPEATS
                + " runs, each on a fresh database, after a warm-up read of the staged rows.");
        List<String[]> steps = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(p.loaderSteps().keySet());
        names.addAll(p.rerunSteps().keySet());
        names.addAll(p.sameRowsSteps().keySet());
        names.forEach(k -> steps.add(
                new String[] {k, step(p.loaderSteps(), k), step(p.rerunSteps(), k), step(p.sameRowsSteps(), k)}));
        md.heading("Our loader step by step (seconds)")
                .table(new String[] {"Step", "first load (b)", "re-run (b')", "every row again (b''')"}, steps);
        return md.toString();
    }

    /** The accuracy of people deduplication on a labelled file, as a Markdown table. */
    /** Each cold import of the run: wall time as a user waits for it, Spark jobs, the SQL peer beside it. */
    private static void cold(Markdown md, List<BenchJob.ScaleResult> results, BenchJob.Small small) {
        List<String[]> rows = new ArrayList<>();
        if (small != null) {
            rows.add(coldRow(small.contacts() + " contacts", small.contacts(), small.cold(), small.peerSeconds()));
        }
        for (BenchJob.ScaleResult r : results) {
            if (r.cold() != null) {
                rows.add(coldRow(
                        "scale " + Markdown.fmt(r.scale()),
                        r.contacts(),
                        r.cold(),
                        r.peer().seconds()));
            }
        }
        if (!rows.isEmpty()) {
            md.heading("Cold imports: `import contacts` in a JVM of its own, as a user runs it")
                    .table(
                            new String[] {
                                "Import",
                                "Contacts",
                                "Wall s (JVM start to exit)",
                                "Spark jobs",
                                "SQL peer s",
                                "Cold / peer"
                            },
                            rows);
        }
    }

    private static String[] coldRow(String what, long contacts, ColdImport.Result cold, double peer) {
        return new String[] {
            what,
            Markdown.fmt(contacts),
            Markdown.fmt(cold.seconds()),
            String.valueOf(cold.sparkJobs()),
            Markdown.fmt(peer),
            String.format(Locale.ROOT, "%.1f", cold.seconds() / Math.max(peer, 1e-9))
        };
    }

    public static String people(String file, dev.crmmigrate.bench.PeopleAccuracy.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "## People duplicates on %s (%,d records, %,d true pairs)%n%n",
                file,
                r.records(),
                r.truePairs()));
        b.append(
                "| predicted same person | pairs | true | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|\n");
        b.append(row("email = same person (the import)", r.emailPairs(), r.emailTrue(), r.truePairs()));
        b.append(row("+ the pairs suggested merge, merged", r.mergePairs(), r.mergeTrue(), r.truePairs()));
        b.append(row("+ the pairs suggested merge or review, merged", r.reviewPairs(), r.reviewTrue(), r.truePairs()));
        b.append(String.format(
                Locale.ROOT,
                "%npeople after the import: %,d; pairs compared: %,d (%.1f per person); import %.1f s,"
                        + " candidates %.1f s%n",
                r.people(),
                r.comparisons(),
                r.people() == 0 ? 0.0 : (double) r.comparisons() / r.people(),
                r.importSeconds(),
                r.candidatesSeconds()));
        return b.toString();
    }

    private static String row(String what, long pairs, long tp, long truePairs) {
        double p = pairs == 0 ? 0 : (double) tp / pairs;
        double rc = truePairs == 0 ? 0 : (double) tp / truePairs;
        double f1 = p + rc == 0 ? 0 : 2 * p * rc / (p + rc);
        return String.format(Locale.ROOT, "| %s | %,d | %,d | %.3f | %.3f | %.3f |%n", what, pairs, tp, p, rc, f1);
    }
}
