package dev.crmmigrate.stage;

import java.util.Locale;

/**
 * The staged tables of an import run, by the folder name under {@code <work>/runs/<run-id>/}: written by the import
 * jobs, read back on resume and by {@code explain}.
 */
public enum Phase {
    /** A list or export file's records as read (source imports). */
    INPUT,
    /** A source import's records with their parsed phones, keys and field checks. */
    NORMALIZED,
    /** Phases 1-4 of a contacts import: every contact, normalized and resolved to its person. */
    CONTACTS,
    /** The rejected fields (only when there are some). */
    REJECTS,
    /** The repaired fields (only when there are some). */
    REPAIRS,
    /** Phases 5-8: the change plan, one row per CRM row to write, partitioned by target table. */
    PLAN;

    /** The folder name, e.g. {@code contacts}. */
    public String dir() {
        return name().toLowerCase(Locale.ROOT);
    }
}
