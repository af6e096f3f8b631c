package dev.crmmigrate.job;

import java.nio.file.Path;
import java.util.Map;

/** The outcome of {@code crm-migrate run}: every job's outcome and the computed summary in the acceptance keys. */
public record RunOutcome(
        String runId,
        Path demoDir,
        ImportOutcome qozb,
        ImportOutcome familyOffice,
        ImportOutcome contacts,
        Map<String, Object> audits,
        Map<String, Object> summary) {}
