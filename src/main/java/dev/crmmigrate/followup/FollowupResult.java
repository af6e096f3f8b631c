package dev.crmmigrate.followup;

import java.util.List;
import java.util.Map;

/**
 * What one follow-up did: its figures (rows changed, counts checked) and what it reports for a person to look at
 * (orphans, ambiguities, failed checks), each line naming the row and the reason.
 */
public record FollowupResult(String name, boolean done, Map<String, Long> figures, List<String> findings) {}
