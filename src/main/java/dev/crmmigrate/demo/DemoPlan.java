package dev.crmmigrate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmmigrate.Errors;
import dev.crmmigrate.stage.Figure;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * How many of everything the demo data set holds at one scale. Independent counts come from the profile resource
 * ({@code demo/profile.json}: the field report's figures and the shape around them) multiplied by the scale;
 * every dependent count is derived from them, so the figures stay consistent at any scale. Planted mess
 * (duplicates, the contact without email, case-only organization pairs …) is at least one at every scale.
 */
public final class DemoPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    public final double scale;
    public final long seed;

    // CRM sources
    public final long qozbPeople;
    public final long qozbOrgs;
    public final long properties;
    public final long foPeople;
    public final long foOrgs;
    public final long sharedOrgs;
    public final long roleSharedEmails;
    public final long foWithEmail;
    public final long foWithPhone;
    public final long qozbEmailsDistinct;
    public final long qozbPeopleWithEmail;
    public final long multiOrgPeople;
    public final long qozbPhoneLinks;
    public final long qozbTwoPhones;
    public final long qozbPeopleWithPhone;
    public final long propertyPhones;

    // legacy contacts
    public final long contacts;
    public final long noEmail;
    public final long duplicates;
    public final long matched;
    public final long fresh;
    public final long matchedFromFo;
    public final long matchedBounced;
    public final long matchedUnsubscribed;
    public final long freshBounced;
    public final long freshUnsubscribed;
    public final long freshBoth;
    public final long users;
    public final long matchedUsers;
    public final long phoneAlreadyLinked;
    public final long phoneMatchFresh;
    public final long phoneNewRows;
    public final long newPhones;
    public final long companyMatchRows;
    public final long companyAlreadyLinked;
    public final long newCompanyRows;
    public final long newCompanyStrings;
    public final long casePairs;
    public final long roles;
    public final long noName;
    public final long freshWithLocation;
    public final long nearDupSuffix;
    public final long nearDupExtension;
    public final long nearDupNegatives;

    // outreach lists
    public final long outreachUnique;
    public final long outreachCrm;
    public final long outreachFreshContacts;
    public final long outreachOnly;
    public final long outreachInvalid;
    public final long outreachBlank;
    public final int crossListPercent;
    public final long poolDeveloper;
    public final long poolInvestor;
    public final long poolFund;
    public final long poolOther;
    public final long overlapDeveloperQozb;
    public final long overlapInvestorFo;
    public final long overlapInvestorQozb;
    public final long overlapOther;

    // follow-up tables
    public final int campaigns;
    public final int recipientPercent;
    public final long emailQueueRows;

    private final JsonNode figures;

    private DemoPlan(JsonNode profile, double scale, long seed) {
        if (!(scale > 0)) {
            throw Errors.config("--scale must be a positive number, e.g. 1, 0.01 or 10; got %s", scale);
        }
        this.scale = scale;
        this.seed = seed;
        this.figures = profile.get("figures");
        JsonNode shape = profile.get("shape");

        qozbPeople = scaled(fig("source_imports", "qozb_people"));
        qozbOrgs = scaled(fig("source_imports", "qozb_organizations"));
        properties = Math.max(qozbPeople, scaled(fig("source_imports", "qozb_properties")));
        foPeople = scaled(fig("source_imports", "family_office_people"));
        foOrgs = scaled(fig("source_imports", "family_office_organizations"));
        sharedOrgs = planted(fig("source_imports", "qozb_organizations")
                + fig("source_imports", "family_office_organizations")
                - fig("before_migration", "organizations"));
        roleSharedEmails = planted(fig("before_migration", "person_emails") - fig("before_migration", "emails"));
        foWithEmail =
                foPeople - planted(shape.get("family_office_without_email").asLong());
        foWithPhone = scaled(shape.get("family_office_with_phone").asLong());
        qozbEmailsDistinct = scaled(fig("before_migration", "emails")) - foWithEmail;
        qozbPeopleWithEmail = qozbEmailsDistinct + roleSharedEmails;
        multiOrgPeople = planted(fig("before_migration", "person_organizations") - fig("before_migration", "people"));
        qozbPhoneLinks = scaled(fig("before_migration", "person_phones")) - foWithPhone;
        qozbTwoPhones = scaled(shape.get("qozb_people_with_two_phones").asLong());
        qozbPeopleWithPhone = qozbPhoneLinks - qozbTwoPhones;
        propertyPhones = scaled(fig("before_migration", "phones") - fig("before_migration", "person_phones"));

        contacts = scaled(fig("contacts_analysis", "total_contacts"));
        noEmail = planted(
                fig("contacts_analysis", "total_contacts") - fig("contacts_import_phases", Figure.MAPPINGS_SAVED));
        duplicates = planted(fig("contacts_analysis", "duplicate_emails"));
        matched = scaled(fig("contacts_analysis", "email_match"));
        fresh = contacts - noEmail - duplicates - matched;
        matchedFromFo = Math.min(
                scaled(shape.get("matched_from_family_office").asLong()), foWithEmail + foWithPhone - foPeople);
        long updates = scaled(fig("contacts_import_phases", Figure.EMAIL_STATUSES_UPDATED));
        matchedBounced = Math.min(updates, scaled(shape.get("matched_bounced").asLong()));
        matchedUnsubscribed = updates - matchedBounced;
        freshBounced = scaled(fig("contacts_analysis", "globally_bounced")) - matchedBounced;
        freshUnsubscribed = scaled(fig("contacts_analysis", "globally_unsubscribed")) - matchedUnsubscribed;
        freshBoth = Math.min(
                freshUnsubscribed,
                planted(shape.get("new_bounced_and_unsubscribed").asLong()));
        users = scaled(fig("contacts_analysis", "has_user_id"));
        matchedUsers = Math.min(users, scaled(shape.get("matched_with_user_id").asLong()));
        long phoneRows =
                scaled(fig("contacts_analysis", "phone_match")) + scaled(fig("contacts_analysis", "phone_new"));
        phoneAlreadyLinked = Math.min(
                matchedFromFo, phoneRows - scaled(fig("contacts_import_phases", Figure.PERSON_PHONES_INSERTED)));
        phoneMatchFresh = scaled(fig("contacts_analysis", "phone_match")) - phoneAlreadyLinked;
        phoneNewRows = scaled(fig("contacts_analysis", "phone_new"));
        newPhones = Math.min(phoneNewRows, scaled(fig("contacts_import_phases", Figure.NEW_PHONES)));
        companyMatchRows = scaled(fig("contacts_analysis", "company_match_exact"));
        companyAlreadyLinked = Math.min(
                matched, scaled(shape.get("matched_company_already_linked").asLong()));
        newCompanyRows = scaled(fig("contacts_import_phases", Figure.PERSON_ORGANIZATIONS_INSERTED))
                - companyMatchRows
                + companyAlreadyLinked;
        newCompanyStrings = scaled(fig("contacts_analysis", "company_new_unique"));
        casePairs = planted(fig("contacts_analysis", "company_new_unique")
                - (fig("after_migration", "organizations") - fig("before_migration", "organizations")));
        roles = scaled(fig("contacts_analysis", "has_role"));
        noName = planted(fig("contacts_analysis", "total_contacts") - fig("contacts_analysis", "has_name"));
        freshWithLocation = scaled(fig("contacts_analysis", "has_location")) - matched - duplicates - noEmail;
        nearDupSuffix = planted(shape.get("near_duplicate_suffix_variants").asLong());
        nearDupExtension = planted(shape.get("near_duplicate_extensions").asLong());
        nearDupNegatives = planted(shape.get("near_duplicate_hard_negatives").asLong());

        outreachUnique = scaled(fig("email_list_overlap", "unique_outreach_emails"));
        outreachCrm = scaled(fig("email_list_overlap", "overlap_with_crm"));
        outreachFreshContacts = Math.min(fresh, outreachUnique - outreachCrm);
        outreachOnly = outreachUnique - outreachCrm - outreachFreshContacts;
        outreachInvalid = planted(shape.get("outreach_invalid_emails").asLong());
        outreachBlank = planted(shape.get("outreach_blank_emails").asLong());
        crossListPercent = shape.get("outreach_cross_list_percent").asInt();
        poolDeveloper = scaled(shape.get("company_pool_developer").asLong());
        poolInvestor = scaled(shape.get("company_pool_investor").asLong());
        poolFund = scaled(shape.get("company_pool_fund").asLong());
        poolOther =
                scaled(fig("company_overlap", "unique_outreach_companies")) - poolDeveloper - poolInvestor - poolFund;
        overlapDeveloperQozb = Math.round(poolDeveloper
                * figures.at("/company_overlap/developer_lists_vs_qozb_pct/value")
                        .asDouble()
                / 100);
        overlapInvestorFo = Math.round(poolInvestor
                * figures.at("/company_overlap/investor_lists_vs_family_office_pct/value")
                        .asDouble()
                / 100);
        overlapInvestorQozb = scaled(shape.get("investor_vs_qozb_overlap").asLong());
        overlapOther = scaled(fig("company_overlap", "overlap_with_crm"))
                - overlapDeveloperQozb
                - overlapInvestorFo
                - overlapInvestorQozb;

        campaigns = shape.get("campaigns").asInt();
        recipientPercent = shape.get("campaign_recipient_percent").asInt();
        emailQueueRows = scaled(shape.get("email_queue_rows").asLong());
        check();
    }

    public static DemoPlan of(double scale, long seed) {
        try (InputStream in = DemoPlan.class.getResourceAsStream("/demo/profile.json")) {
            return new DemoPlan(new ObjectMapper().readTree(in), scale, seed);
        } catch (IOException e) {
            throw Errors.runtime("the demo profile resource could not be read: %s", e.getMessage());
        }
    }

    private long fig(String section, String key) {
        return figures.get(section).get(key).asLong();
    }

    private long scaled(long n) {
        return Math.round(n * scale);
    }

    private long planted(long n) {
        return Math.max(1, scaled(n));
    }

    private void check() {
        require(
                phoneAlreadyLinked + companyAlreadyLinked <= matchedFromFo
                        && outreachCrm - matched <= foPeople - foWithPhone
                        && outreachCrm >= matched,
                "matched contacts do not fit");
        require(
                fresh > 0 && qozbPeople >= qozbOrgs && properties >= propertyPhones,
                "scale too small for the demo's shape");
        require(phoneMatchFresh + phoneNewRows <= fresh, "more phone rows than new contacts");
        require(
                companyMatchRows - companyAlreadyLinked + newCompanyRows <= fresh,
                "more company rows than new contacts");
        require(
                newCompanyRows >= newCompanyStrings && newCompanyStrings > casePairs + nearDupSuffix + nearDupExtension,
                "too few company rows for the planted companies");
        require(
                2 * roleSharedEmails + nearDupSuffix + nearDupExtension + nearDupNegatives
                        <= Math.min(qozbPeopleWithEmail, qozbOrgs - sharedOrgs),
                "too few QOZB organizations for the planted near-duplicates");
        require(qozbPeopleWithPhone >= qozbTwoPhones && qozbPeopleWithPhone <= qozbPeople, "QOZB phones do not fit");
        require(
                overlapOther >= 0 && overlapDeveloperQozb + overlapInvestorQozb + overlapOther + sharedOrgs <= qozbOrgs,
                "company overlaps do not fit the QOZB organizations");
        require(freshWithLocation <= fresh && noName <= fresh, "contact fields do not fit");
    }

    private void require(boolean ok, String what) {
        if (!ok) {
            throw Errors.config(
                    "--scale %s is too small for the demo data set (%s); use a scale of at least 0.01", scale, what);
        }
    }

    // Derived figures of this data set, by the relations of the field report.
    public long beforeEmails() {
        return qozbEmailsDistinct + foWithEmail;
    }

    public long beforePeople() {
        return qozbPeople + foPeople;
    }

    public long beforeOrgs() {
        return qozbOrgs + foOrgs - sharedOrgs;
    }

    public long beforePersonEmails() {
        return qozbPeopleWithEmail + foWithEmail;
    }

    public long beforePersonPhones() {
        return qozbPhoneLinks + foWithPhone;
    }

    public long beforePhones() {
        return beforePersonPhones() + propertyPhones;
    }

    public long beforePersonOrgs() {
        return qozbPeople + multiOrgPeople + foPeople;
    }

    public long phoneInserts() {
        return phoneMatchFresh + phoneNewRows;
    }

    public long orgLinkInserts() {
        return companyMatchRows - companyAlreadyLinked + newCompanyRows;
    }

    public long newOrgs() {
        return newCompanyStrings - casePairs;
    }

    public long outreachCompanies() {
        return poolDeveloper + poolInvestor + poolFund + poolOther;
    }

    public long outreachCompanyOverlap() {
        return overlapDeveloperQozb + overlapInvestorFo + overlapInvestorQozb + overlapOther;
    }

    /** The figures of this data set, with the sections and keys of the acceptance figures. */
    public ObjectNode expected() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ObjectNode email = root.putObject("email_list_overlap");
        email.put("unique_outreach_emails", outreachUnique);
        email.put("overlap_with_crm", outreachCrm);
        email.put("overlap_pct", pct(outreachCrm, outreachUnique));

        ObjectNode company = root.putObject("company_overlap");
        company.put("unique_outreach_companies", outreachCompanies());
        company.put("overlap_with_crm", outreachCompanyOverlap());
        company.put("overlap_pct", pct(outreachCompanyOverlap(), outreachCompanies()));
        company.set("developer_lists_vs_qozb_pct", tolerance(m, pct(overlapDeveloperQozb, poolDeveloper)));
        company.set("investor_lists_vs_family_office_pct", tolerance(m, pct(overlapInvestorFo, poolInvestor)));
        company.putObject("fund_lists_vs_crm_pct").put("max", 0.5);

        ObjectNode ca = root.putObject("contacts_analysis");
        ca.put("total_contacts", contacts);
        ca.put("email_match", matched);
        ca.put("email_new", fresh);
        ca.put("phone_match", phoneAlreadyLinked + phoneMatchFresh);
        ca.put("phone_new", phoneNewRows);
        ca.put("company_match_exact", companyMatchRows);
        ca.put("company_new_unique", newCompanyStrings);
        ca.put("has_name", contacts - noName);
        ca.put("has_role", roles);
        ca.put("has_location", freshWithLocation + matched + duplicates + noEmail);
        ca.put("has_user_id", users);
        ca.put("globally_bounced", matchedBounced + freshBounced);
        ca.put("globally_unsubscribed", matchedUnsubscribed + freshUnsubscribed);
        ca.put("duplicate_emails", duplicates);

        ObjectNode ph = root.putObject("contacts_import_phases");
        ph.put(Figure.FETCHED_CONTACTS, contacts);
        ph.put(Figure.NEW_EMAILS, fresh);
        ph.put(Figure.NEW_PHONES, newPhones);
        ph.put(Figure.NEW_ORGANIZATION_NAMES, newCompanyStrings);
        ph.put(Figure.EMAIL_STATUSES_UPDATED, matchedBounced + matchedUnsubscribed);
        ph.put(Figure.PEOPLE_TO_CREATE, fresh);
        ph.put(Figure.PEOPLE_TO_ENRICH, matched);
        ph.put(Figure.PEOPLE_INSERTED, fresh);
        ph.put(Figure.PEOPLE_ENRICHED, matched);
        ph.put(Figure.PERSON_EMAILS_INSERTED, fresh);
        ph.put(Figure.PERSON_PHONES_INSERTED, phoneInserts());
        ph.put(Figure.PERSON_ORGANIZATIONS_INSERTED, orgLinkInserts());
        ph.put(Figure.MAPPINGS_SAVED, contacts - noEmail);

        ObjectNode before = root.putObject("before_migration");
        before.put("people", beforePeople());
        before.put("emails", beforeEmails());
        before.put("phones", beforePhones());
        before.put("organizations", beforeOrgs());
        before.put("properties", properties);
        before.put("person_emails", beforePersonEmails());
        before.put("person_phones", beforePersonPhones());
        before.put("person_organizations", beforePersonOrgs());

        ObjectNode after = root.putObject("after_migration");
        after.put("people", beforePeople() + fresh);
        after.put("emails", beforeEmails() + fresh);
        after.put("phones", beforePhones() + newPhones);
        after.put("organizations", beforeOrgs() + newOrgs());
        after.put("properties", properties);
        after.put("person_emails", beforePersonEmails() + fresh);
        after.put("person_phones", beforePersonPhones() + phoneInserts());
        after.put("person_organizations", beforePersonOrgs() + orgLinkInserts());

        ObjectNode src = root.putObject("source_imports");
        src.put("qozb_people", qozbPeople);
        src.put("qozb_organizations", qozbOrgs);
        src.put("qozb_properties", properties);
        src.put("family_office_people", foPeople);
        src.put("family_office_organizations", foOrgs);
        return root;
    }

    private static ObjectNode tolerance(ObjectMapper m, double value) {
        ObjectNode n = m.createObjectNode();
        n.put("value", value);
        n.put("tolerance", 0.5);
        return n;
    }

    /** A percentage rounded to one decimal, as the reports print it. */
    public static double pct(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 10.0;
    }
}
