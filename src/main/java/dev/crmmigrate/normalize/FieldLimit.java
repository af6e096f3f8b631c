package dev.crmmigrate.normalize;

import java.util.List;

/**
 * The limits of every kind of text value crm-migrate writes to PostgreSQL, declared once. A value over its limit is
 * rejected as a field (its record stays, without it); the reason names the limit. The preflight checks the indexed
 * kinds against the target's btree indexes, whose entries hold at most {@value #BTREE_MAX_BYTES} bytes.
 */
public enum FieldLimit {
    /** RFC 5321: a forward path holds at most 256 octets, so an address at most 254 characters. */
    EMAIL(254, "email addresses (RFC 5321)", List.of("emails.address")),
    /**
     * Unique under a btree index on lower(name): 500 characters are at most 2,000 UTF-8 bytes, below the btree limit.
     */
    ORGANIZATION(500, "organization names (indexed)", List.of("organizations.name")),
    PERSON_NAME(300, "person names", List.of("people.first_name", "people.last_name")),
    TITLE(300, "titles and roles", List.of("person_organizations.title")),
    /** Raw phone input before E.164 (which has at most 16 characters): room for formatting and an extension. */
    PHONE(64, "phone numbers", List.of("phones.number")),
    /** Source record ids: properties are unique on their external id. */
    RECORD_ID(200, "record ids (indexed)", List.of("properties.external_id")),
    /** Anything else a person typed: locations, addresses, property names, lead statuses, suppression reasons. */
    TEXT(2000, "free text", List.of("properties.name", "properties.address"));

    /** A btree index entry (version 4, 8 kB pages) holds at most this many bytes. */
    public static final int BTREE_MAX_BYTES = 2704;

    public final int maxChars;
    public final String label;
    /** The CRM columns (table.column) this kind of value is written to. */
    public final List<String> columns;

    FieldLimit(int maxChars, String label, List<String> columns) {
        this.maxChars = maxChars;
        this.label = label;
        this.columns = columns;
    }

    /** The largest UTF-8 encoding of a value at the limit (4 bytes per character at most). */
    public int maxBytes() {
        return maxChars * 4;
    }

    /** The reject reason of a value over this limit. */
    public String reason() {
        return "longer than " + maxChars + " characters, the limit for " + label;
    }
}
