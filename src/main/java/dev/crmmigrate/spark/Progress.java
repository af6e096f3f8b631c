package dev.crmmigrate.spark;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One line per phase on stderr: which phase, rows done, elapsed time. Spark's own logging stays off by default. */
public final class Progress {
    private final PrintStream out;
    private final String job;
    private final int phases;
    private final long start = System.nanoTime();
    private long phaseStart = System.nanoTime();
    private int current;
    private String currentPhase;
    private final Map<String, Double> timings = new LinkedHashMap<>();

    public Progress(String job, int phases) {
        this(System.err, job, phases);
    }

    public Progress(PrintStream out, String job, int phases) {
        this.out = out;
        this.job = job;
        this.phases = phases;
    }

    public void begin(String phase) {
        close();
        current++;
        currentPhase = phase;
        phaseStart = System.nanoTime();
        // Spark jobs started from here on carry the phase's name in --verbose's job lines.
        SparkSession session = SparkSession.getActiveSession().isDefined()
                ? SparkSession.getActiveSession().get()
                : SparkSession.getDefaultSession().isDefined()
                        ? SparkSession.getDefaultSession().get()
                        : null;
        if (session != null) {
            int colon = phase.indexOf(':');
            session.sparkContext().setLocalProperty(JobTimings.PHASE, colon > 0 ? phase.substring(0, colon) : phase);
            // and their description in the Spark UI and event log reads as the pipeline: "import_contacts: load …".
            session.sparkContext().setJobDescription(job + ": " + phase);
        }
        out.printf(Locale.ROOT, "[%s %d/%d] %s ...%n", job, current, phases, phase);
    }

    public void done(String what, long rows) {
        out.printf(
                Locale.ROOT,
                "[%s %d/%d]   %s: %,d rows (%.1f s, %.1f s total)%n",
                job,
                current,
                phases,
                what,
                rows,
                (System.nanoTime() - phaseStart) / 1e9,
                (System.nanoTime() - start) / 1e9);
    }

    private void close() {
        if (currentPhase != null) {
            timings.put(currentPhase, (System.nanoTime() - phaseStart) / 1e9);
            currentPhase = null;
        }
    }

    /** Seconds per phase so far (the running phase closes now). */
    public Map<String, Double> timings() {
        close();
        return Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    public void note(String text) {
        out.printf(Locale.ROOT, "[%s]   %s%n", job, text);
    }
}
