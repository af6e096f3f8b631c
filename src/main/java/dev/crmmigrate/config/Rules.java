package dev.crmmigrate.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The migration rules of the field report, where a user may want another choice.
 *
 * @param leadStatusScale    lead statuses from lowest to highest; enrichment only moves a person up this scale
 * @param phoneRegion        region for phone numbers written without a country code (ISO 3166, default US)
 * @param legalSuffixes      more legal suffixes the audit key strips from company names, in addition to the ISO 20275
 *                           legal forms it always strips (never the import: it matches exactly); default none
 * @param freemailDomains    email domains that say nothing about an organization
 * @param maxRejectRatio     above this share of rejected input rows a run stops before writing (default 0.05)
 * @param contactsWithoutEmail what the contacts import does with a contact that has no usable email (default
 *                           {@link WithoutEmail#SKIP}, the field report's choice); either way it is a rule that fired,
 *                           counted apart from rejects and never toward {@code maxRejectRatio}
 */
public record Rules(
        List<String> leadStatusScale,
        String phoneRegion,
        List<String> legalSuffixes,
        List<String> freemailDomains,
        Double maxRejectRatio,
        WithoutEmail contactsWithoutEmail) {

    /** The rule for legacy contacts without a usable email (missing, invalid or over its limit). */
    public enum WithoutEmail {
        /** Not migrated: counted and listed ("not migrated: no email"); leaves no person, organization or phone. */
        @JsonProperty("skip")
        SKIP,
        /**
         * One person per such contact (id derived from the contact id), with its phones, organization and title linked
         * and its mapping saved. Email = same person never merges another contact into it: it has no email.
         */
        @JsonProperty("create")
        CREATE
    }

    public static final List<String> DEFAULT_LEAD_STATUS_SCALE =
            List.of("new", "cold", "contacted", "warm", "engaged", "hot", "qualified", "customer");
    /** No extra suffixes: the ISO 20275 list (resource normalize/legal-forms.tsv) already holds the US ones. */
    public static final List<String> DEFAULT_LEGAL_SUFFIXES = List.of();

    public static final List<String> DEFAULT_FREEMAIL = List.of(
            "gmail.com",
            "yahoo.com",
            "hotmail.com",
            "outlook.com",
            "aol.com",
            "icloud.com",
            "me.com",
            "msn.com",
            "live.com",
            "comcast.net",
            "protonmail.com",
            "gmx.com");

    public Rules {
        leadStatusScale = List.copyOf(Objects.requireNonNullElse(leadStatusScale, DEFAULT_LEAD_STATUS_SCALE));
        phoneRegion = Objects.requireNonNullElse(phoneRegion, "US");
        legalSuffixes = List.copyOf(Objects.requireNonNullElse(legalSuffixes, DEFAULT_LEGAL_SUFFIXES));
        freemailDomains = List.copyOf(Objects.requireNonNullElse(freemailDomains, DEFAULT_FREEMAIL));
        maxRejectRatio = Objects.requireNonNullElse(maxRejectRatio, 0.05);
        contactsWithoutEmail = Objects.requireNonNullElse(contactsWithoutEmail, WithoutEmail.SKIP);
    }

    static Rules defaults() {
        return new Rules(null, null, null, null, null, null);
    }
}
