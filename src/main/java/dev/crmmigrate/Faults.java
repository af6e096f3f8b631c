package dev.crmmigrate;

import org.apache.spark.TaskContext;

/**
 * Fault injection for the reliability tests. Two ways to arm a point:
 * <ul>
 *   <li>the environment variable {@code CRM_FAULT_INJECT} names it: the JVM halts there at once (exit 137, no
 *       shutdown hooks, like SIGKILL) — for tests that run the launcher in a process of its own;</li>
 *   <li>{@link #arm} in the same JVM runs an action there (throw, terminate a backend, restart the server) — inside a
 *       Spark task only on the task's first attempt, so that Spark's retry is what the test observes.</li>
 * </ul>
 * Unarmed, a point does nothing.
 */
public final class Faults {
    public static final String VARIABLE = "CRM_FAULT_INJECT";
    private static final String TARGET = System.getenv(VARIABLE);
    private static volatile String armedPoint;
    private static volatile Runnable armedAction;

    private Faults() {}

    public static void point(String name) {
        if (TARGET != null && TARGET.equals(name)) {
            System.err.println("crm-migrate: fault injected at " + name + ": halting");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
        Runnable action = armedAction;
        if (name.equals(armedPoint) && action != null) {
            TaskContext task = TaskContext.get();
            if (task == null || task.attemptNumber() == 0) {
                action.run();
            }
        }
    }

    /** Runs {@code action} whenever {@code point} is reached in this JVM, until {@link #disarm}. */
    public static void arm(String point, Runnable action) {
        armedAction = action;
        armedPoint = point;
    }

    public static void disarm() {
        armedPoint = null;
        armedAction = null;
    }
}
