package dev.crmmigrate.config;

import java.util.List;
import java.util.Objects;

/**
 * The migration rules of the field report, where a user may want another choice.
 *
 * @param leadStatusScale    lead statuses from lowest to highest; enrichment only moves a person up this scale
 * @param phoneRegion        region for phone numbers written without a country code (ISO 3166, default US)
 * @param legalSuffixes      suffixes the audit normalization strips from company names (never the import)
 * @param freemailDomains    email domains that say nothing about an organization
 * @param maxRejectRatio     above this share of rejected input rows a run stops before writing (default 0.05)
 */
public record Rules(
    List<String> leadStatusScale,
    String phoneRegion,
    List<String> legalSuffixes,
    List<String> freemailDomains,
    Double maxRejectRatio) {

  public static final List<String> DEFAULT_LEAD_STATUS_SCALE =
      List.of("new", "cold", "contacted", "warm", "engaged", "hot", "qualified", "customer");
  public static final List<String> DEFAULT_LEGAL_SUFFIXES = List.of(
      "llc", "l l c", "inc", "incorporated", "corp", "corporation", "co", "company", "lp", "l p", "llp", "l l p",
      "ltd", "limited", "pllc", "plc", "gmbh", "sa", "ag", "lllp");
  public static final List<String> DEFAULT_FREEMAIL = List.of(
      "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com", "me.com", "msn.com",
      "live.com", "comcast.net", "protonmail.com", "gmx.com");

  public Rules {
    leadStatusScale = List.copyOf(Objects.requireNonNullElse(leadStatusScale, DEFAULT_LEAD_STATUS_SCALE));
    phoneRegion = Objects.requireNonNullElse(phoneRegion, "US");
    legalSuffixes = List.copyOf(Objects.requireNonNullElse(legalSuffixes, DEFAULT_LEGAL_SUFFIXES));
    freemailDomains = List.copyOf(Objects.requireNonNullElse(freemailDomains, DEFAULT_FREEMAIL));
    maxRejectRatio = Objects.requireNonNullElse(maxRejectRatio, 0.05);
  }

  static Rules defaults() {
    return new Rules(null, null, null, null, null);
  }
}
