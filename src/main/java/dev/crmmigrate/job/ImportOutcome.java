package dev.crmmigrate.job;

import dev.crmmigrate.verify.Check;
import java.util.List;
import java.util.Map;

/**
 * The immutable result of one import run.
 *
 * @param phases  the figures of the field report's phases table, computed from the data
 * @param planned what the plan expected the load to change
 * @param actual  what the load transaction changed (empty when the run had already been loaded)
 * @param before  CRM table counts before the load
 * @param after   CRM table counts after the load
 * @param phaseSeconds wall time of each phase, in the order they ran
 */
public record ImportOutcome(String job, String runId, boolean resumed, boolean alreadyLoaded, long read, long rejected,
    Map<String, Long> phases, Map<String, Long> planned, Map<String, Long> actual, Map<String, Long> before,
    Map<String, Long> after, List<Check> checks, double seconds, Map<String, Double> phaseSeconds) {

  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }
}
