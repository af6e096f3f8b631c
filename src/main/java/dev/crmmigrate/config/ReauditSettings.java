package dev.crmmigrate.config;

import java.util.Objects;

/**
 * Thresholds of the scheduled re-audit: crossing one makes {@code reaudit} exit 1 so a scheduler can alert.
 *
 * @param maxChangePct   largest allowed change of a total metric, in percent of its previous value (default 1.0)
 * @param maxNewOverlaps largest allowed number of outreach emails newly found in the CRM since the last run (default 0)
 */
public record ReauditSettings(Double maxChangePct, Long maxNewOverlaps) {
    public ReauditSettings {
        maxChangePct = Objects.requireNonNullElse(maxChangePct, 1.0);
        maxNewOverlaps = Objects.requireNonNullElse(maxNewOverlaps, 0L);
    }
}
