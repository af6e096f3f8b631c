package dev.crmmigrate.spark;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One log line per Spark job at INFO (shown with {@code --verbose}): its duration, stages, tasks and what started it
 * (the job description, else the call site in our code). This is how a phase's time is taken apart into jobs: the
 * profile of fixed costs in docs/benchmarks.md was read from these lines.
 */
public final class JobTimings extends SparkListener {
    private static final Logger LOG = LoggerFactory.getLogger(JobTimings.class);
    /** The local property naming the pipeline phase that starts a job ({@link Progress#begin}). */
    public static final String PHASE = "crm.phase";

    private static final AtomicLong JOBS = new AtomicLong();
    private final Map<Integer, Started> running = new ConcurrentHashMap<>();

    /** Spark jobs started in this JVM so far: a command reports how many its work took. */
    public static long jobsSoFar() {
        return JOBS.get();
    }

    private record Started(long at, int stages, int tasks, String what) {}

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        JOBS.incrementAndGet();
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Properties p = start.properties();
        String what = p == null ? null : p.getProperty("spark.job.description");
        String phase = p == null ? null : p.getProperty(PHASE);
        int tasks = 0;
        StageInfo result = null;
        for (StageInfo info : CollectionConverters.asJava(start.stageInfos())) {
            tasks += info.numTasks();
            result = result == null || info.stageId() > result.stageId() ? info : result;
        }
        if (what == null && result != null) {
            // The result stage is named after the call that started the job, e.g. "count at ContactsImportJob.java:58".
            what = result.name();
        }
        if (phase != null) {
            what = "[" + phase + "] " + what;
        }
        running.put(start.jobId(), new Started(start.time(), start.stageInfos().size(), tasks, what));
    }

    /**
     * A stage that spilled gets a line of its own: a sort or aggregation that did not fit in execution memory wrote
     * to disk and read back, the first sign that a phase has outgrown its shuffle partitions or its heap.
     */
    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo info = completed.stageInfo();
        if (!LOG.isInfoEnabled() || info.taskMetrics() == null) {
            return;
        }
        long disk = info.taskMetrics().diskBytesSpilled();
        if (disk > 0) {
            LOG.info(String.format(
                    Locale.ROOT,
                    "stage %d: %d task(s) spilled %.1f MiB to disk (%.1f MiB in memory): %s",
                    info.stageId(),
                    info.numTasks(),
                    disk / 1048576.0,
                    info.taskMetrics().memoryBytesSpilled() / 1048576.0,
                    info.name()));
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Started s = running.remove(end.jobId());
        if (s != null) {
            LOG.info(String.format(
                    Locale.ROOT,
                    "job %d: %.2f s, %d stage(s), %d task(s): %s",
                    end.jobId(),
                    (end.time() - s.at()) / 1e3,
                    s.stages(),
                    s.tasks(),
                    s.what()));
        }
    }
}
