package dev.crmmigrate.followup;

import java.util.Map;

/**
 * What one follow-up did: its figures (rows changed, counts checked) and what it reports for a person to look at
 * (orphans, ambiguities, failed checks): a count per kind, the first examples, every one in a CSV file.
 */
public record FollowupResult(String name, boolean done, Map<String, Long> figures, Findings.Summary findings) {}
