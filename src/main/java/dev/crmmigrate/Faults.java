package dev.crmmigrate;

/**
 * Fault injection for the reliability tests: when the environment variable {@code CRM_FAULT_INJECT} names a point
 * this process reaches, the JVM halts at once (exit 137, no shutdown hooks, like SIGKILL). Unset, it does nothing.
 */
public final class Faults {
  public static final String VARIABLE = "CRM_FAULT_INJECT";
  private static final String TARGET = System.getenv(VARIABLE);

  private Faults() {}

  public static void point(String name) {
    if (TARGET != null && TARGET.equals(name)) {
      System.err.println("crm-migrate: fault injected at " + name + ": halting");
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
