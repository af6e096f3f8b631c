package dev.crmmigrate.stage;

import java.util.Locale;

/**
 * The jobs that write the CRM, by the name that {@code migration_runs.job}, the run store's folders and the reports
 * use. Follow-ups are {@code followup_<step>}.
 */
public enum JobName {
    IMPORT_CONTACTS,
    IMPORT_QOZB,
    IMPORT_FAMILY_OFFICE;

    /** The name as stored, e.g. {@code import_contacts}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The job name of a follow-up step, e.g. {@code followup_campaign-fks}. */
    public static String followup(String step) {
        return "followup_" + step;
    }
}
