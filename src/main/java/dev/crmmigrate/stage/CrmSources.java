package dev.crmmigrate.stage;

/**
 * Where a CRM row came from, as its {@code source} / {@code import_source} values and the audits' dimensions name it.
 */
public final class CrmSources {
    /** The QOZB property export. */
    public static final String QOZB = "qozb";
    /** The family office contacts export. */
    public static final String FAMILY_OFFICE = "family_office";

    private CrmSources() {}
}
