package dev.crmmigrate;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;

/**
 * Fault injection for the reliability tests. Two ways to arm a point:
 * <ul>
 *   <li>the environment variable {@code CRM_FAULT_INJECT} names it: the JVM halts there at once (exit 137, no
 *       shutdown hooks, like SIGKILL) — for tests that run the launcher in a process of its own;</li>
 *   <li>{@link #arm} in the same JVM runs an action there (throw, terminate a backend, restart the server) — inside a
 *       Spark task only on the task's first attempt, so that Spark's retry is what the test observes.</li>
 * </ul>
 * Unarmed, a point does nothing.
 *
 * <p>An armed point fires only for the work of the thread that armed it: on the driver in that thread, and in the
 * Spark tasks of the jobs it submits (a Spark local property, which follows a job to its tasks). Tests run two at a
 * time in one JVM, and a fault armed by one must not strike the import of the other.
 */
public final class Faults {
    public static final String VARIABLE = "CRM_FAULT_INJECT";
    /** The Spark local property that carries the arming thread's token to the tasks of its jobs. */
    static final String OWNER_PROPERTY = "crm.faults.owner";

    private static final String TARGET = System.getenv(VARIABLE);

    private record Armed(String point, Runnable action, Thread owner, String token) {}

    /** The armed points, one per arming thread. */
    private static final Map<Thread, Armed> ARMED = new ConcurrentHashMap<>();

    private Faults() {}

    /** The fixed fault points, in the order a contacts import reaches them; a staged table's is {@link #staged}. */
    public enum Point {
        COPY_STARTED("copy:started"),
        COPY_BEFORE_COMMIT("copy:before-commit"),
        COPY_AFTER_COMMIT("copy:after-commit"),
        LOAD_BEFORE_TRANSACTION("load:before-transaction"),
        LOAD_BEFORE_COMMIT("load:before-commit"),
        LOAD_AFTER_COMMIT("load:after-commit"),
        ROLLBACK_BEFORE_COMMIT("rollback:before-commit");

        /** The name {@value #VARIABLE} and {@link #arm} take. */
        public final String id;

        Point(String id) {
            this.id = id;
        }
    }

    public static void point(Point p) {
        point(p.id);
    }

    /** The point right after a run's staged table {@code phase} was committed: {@code stage:<phase>}. */
    public static void staged(String phase) {
        point("stage:" + phase);
    }

    private static void point(String name) {
        if (TARGET != null && TARGET.equals(name)) {
            System.err.println("crm-migrate: fault injected at " + name + ": halting");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
        if (ARMED.isEmpty()) {
            return;
        }
        TaskContext task = TaskContext.get();
        for (Armed a : ARMED.values()) {
            boolean mine = task == null
                    ? Thread.currentThread() == a.owner()
                    : a.token().equals(task.getLocalProperty(OWNER_PROPERTY)) && task.attemptNumber() == 0;
            if (mine && name.equals(a.point())) {
                a.action().run();
            }
        }
    }

    /**
     * Runs {@code action} whenever {@code point} is reached by the calling thread's work in this JVM, until
     * {@link #disarm}.
     */
    public static void arm(String point, Runnable action) {
        String token = UUID.randomUUID().toString();
        if (SparkSession.getActiveSession().isDefined()
                || SparkSession.getDefaultSession().isDefined()) {
            SparkSession.active().sparkContext().setLocalProperty(OWNER_PROPERTY, token);
        }
        ARMED.put(Thread.currentThread(), new Armed(point, action, Thread.currentThread(), token));
    }

    /** Disarms the point armed by the calling thread. */
    public static void disarm() {
        ARMED.remove(Thread.currentThread());
    }
}
