package dev.crmmigrate.demo;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where each planted thing sits in the index spaces of the demo: which organization, email and phone indices
 * belong to which source. Everything here is arithmetic on a {@link DemoPlan}; nothing is stored.
 */
final class Layout implements Serializable {
    private static final long serialVersionUID = 1L;
    final DemoPlan plan;
    final long seed;
    // organization universe: QOZB | Family Office only | new contact companies | outreach-only companies
    final long orgFoBase;
    final long orgNewBase;
    final long orgOutBase;
    // phone universe regions
    static final long PHONE_QOZB = 0;
    static final long PHONE_FO = 30_000_000L;
    static final long PHONE_PROPERTY = 60_000_000L;
    static final long PHONE_NEW = 100_000_000L;
    final long matchedStride;

    Layout(DemoPlan plan) {
        this.plan = plan;
        this.seed = plan.seed;
        orgFoBase = plan.qozbOrgs;
        orgNewBase = orgFoBase + plan.foOrgs;
        orgOutBase = orgNewBase + plan.newOrgs();
        matchedStride = coprimeStride(plan.qozbEmailsDistinct);
    }

    /** The smallest of a few primes that does not divide n: a stride that visits every residue once. */
    static long coprimeStride(long n) {
        for (long p : new long[] {7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47}) {
            if (n % p != 0) {
                return p;
            }
        }
        return 1;
    }

    // ---- organizations
    String qozbOrg(long o) {
        return Universe.organization(o);
    }

    /** Family Office firm f; the last {@code sharedOrgs} firms are QOZB organizations too (in upper case). */
    String foOrg(long f) {
        long firstShared = plan.foOrgs - plan.sharedOrgs;
        if (f >= firstShared) {
            return qozbOrg(plan.qozbOrgs - plan.sharedOrgs + (f - firstShared)).toUpperCase(Locale.ROOT);
        }
        return Universe.organization(orgFoBase + f);
    }

    /** Index of an existing CRM organization's name, for contacts whose company matches exactly. */
    String existingOrg(long n) {
        long distinctFo = plan.foOrgs - plan.sharedOrgs;
        long o = Math.floorMod(n, plan.qozbOrgs + distinctFo);
        return o < plan.qozbOrgs ? qozbOrg(o) : foOrg(o - plan.qozbOrgs);
    }

    /**
     * The QOZB organization that planted near-duplicate n (an index among the new organizations) is about: the
     * organizations of the first QOZB contacts with a personal email, so that the review finds domain evidence.
     */
    long nearDupTarget(long n) {
        return 2 * plan.roleSharedEmails + (n - plan.casePairs);
    }

    /**
     * True for the QOZB organizations near-duplicates are planted against (their contact's email is on the company
     * domain).
     */
    boolean isNearDupTarget(long org) {
        long first = 2 * plan.roleSharedEmails;
        return org >= first && org < first + plan.nearDupSuffix + plan.nearDupExtension + plan.nearDupNegatives;
    }

    enum NewOrgKind {
        PLAIN,
        SUFFIX_VARIANT,
        EXTENSION,
        NEGATIVE
    }

    NewOrgKind newOrgKind(long s) {
        long a = plan.casePairs;
        long b = a + plan.nearDupSuffix;
        long c = b + plan.nearDupExtension;
        long d = c + plan.nearDupNegatives;
        if (s >= a && s < b) {
            return NewOrgKind.SUFFIX_VARIANT;
        }
        if (s >= b && s < c) {
            return NewOrgKind.EXTENSION;
        }
        if (s >= c && s < d) {
            return NewOrgKind.NEGATIVE;
        }
        return NewOrgKind.PLAIN;
    }

    /** The QOZB organization a planted near-duplicate (or hard negative) s is about. */
    long plantedTarget(long s) {
        return nearDupTarget(s);
    }

    /** New organization s of the contacts import (0 &le; s &lt; newOrgs). */
    String newOrg(long s) {
        return switch (newOrgKind(s)) {
            case SUFFIX_VARIANT -> qozbOrg(plantedTarget(s)) + (s % 2 == 0 ? " LLC" : ", Inc.");
            case EXTENSION -> Universe.word(plantedTarget(s)) + " Real Estate Partners";
            case NEGATIVE -> Universe.word(plantedTarget(s)) + " Biosciences";
            case PLAIN -> Universe.organization(orgNewBase + s);
        };
    }

    /** The email domain of people at new organization s: near-duplicates share the domain of their QOZB twin. */
    String newOrgDomain(long s) {
        return switch (newOrgKind(s)) {
            case SUFFIX_VARIANT, EXTENSION -> Universe.domain(plantedTarget(s));
            case NEGATIVE -> Universe.word(plantedTarget(s)).toLowerCase(Locale.ROOT) + "-bio.com";
            case PLAIN -> Universe.domain(orgNewBase + s);
        };
    }

    /** The distinct company string number s of the new-company rows: the organizations plus the planted case twins. */
    String newCompanyString(long s) {
        long orgs = plan.newOrgs();
        return s < orgs ? newOrg(s) : newOrg(s - orgs).toUpperCase(Locale.ROOT);
    }

    String outreachOnlyOrg(long k) {
        return Universe.organization(orgOutBase + k);
    }

    // ---- CRM people, emails, phones
    /** QOZB distinct email q; the first {@code roleSharedEmails} are shared inboxes of two people. */
    String qozbEmail(long q) {
        long owner = q < plan.roleSharedEmails ? 2 * q : q + plan.roleSharedEmails;
        long org = Math.floorMod(owner, plan.qozbOrgs);
        if (q < plan.roleSharedEmails) {
            return (q % 2 == 0 ? "leasing" : "info") + ".q" + Long.toString(q, 36) + "@" + Universe.domain(org);
        }
        String name = qozbName(owner);
        boolean freemail = Rng.chance(seed, 11, owner, 30) && !isNearDupTarget(org);
        String domain = freemail ? Rng.pick(seed, 12, owner, Universe.FREEMAIL) : Universe.domain(org);
        return Universe.localPart(name, "q" + Long.toString(q, 36)) + "@" + domain;
    }

    /** The distinct email index of QOZB contact c, or -1. */
    long qozbEmailOf(long c) {
        if (c >= plan.qozbPeopleWithEmail) {
            return -1;
        }
        return c < 2 * plan.roleSharedEmails ? c / 2 : c - plan.roleSharedEmails;
    }

    String qozbName(long c) {
        return Universe.personName(seed, 10, c);
    }

    long qozbPhoneRank(long c) {
        return Math.floorMod(c + Rng.below(seed, 13, 0, plan.qozbPeople), plan.qozbPeople);
    }

    String qozbPhone1(long c) {
        long r = qozbPhoneRank(c);
        return r < plan.qozbPeopleWithPhone ? Universe.phone(PHONE_QOZB + r) : null;
    }

    String qozbPhone2(long c) {
        long r = qozbPhoneRank(c);
        return r < plan.qozbTwoPhones ? Universe.phone(PHONE_QOZB + plan.qozbPeopleWithPhone + r) : null;
    }

    String propertyPhone(long p) {
        return Universe.phone(PHONE_PROPERTY + p);
    }

    String foName(long i) {
        return Universe.personName(seed, 20, i);
    }

    long foFirm(long i) {
        return i < plan.foOrgs ? i : Rng.below(seed, 21, i, plan.foOrgs);
    }

    String foEmail(long i) {
        if (i >= plan.foWithEmail) {
            return null;
        }
        String domain = Rng.chance(seed, 22, i, 25)
                ? Rng.pick(seed, 23, i, Universe.FREEMAIL)
                : Universe.word(orgFoBase + foFirm(i)).toLowerCase(Locale.ROOT) + "fo.com";
        return Universe.localPart(foName(i), "f" + Long.toString(i, 36)) + "@" + domain;
    }

    String foPhone(long i) {
        return i >= plan.foPeople - plan.foWithPhone ? Universe.phone(PHONE_FO + i) : null;
    }

    /** The Family Office person behind matched contact j (j &lt; matchedFromFo). */
    long matchedFoPerson(long j) {
        return plan.foPeople - plan.foWithPhone + j;
    }

    /** The CRM email matched contact j carries (normalized). */
    String matchedEmail(long j) {
        if (j < plan.matchedFromFo) {
            return foEmail(matchedFoPerson(j));
        }
        return qozbEmail(Math.floorMod((j - plan.matchedFromFo) * matchedStride, plan.qozbEmailsDistinct));
    }

    String newPhone(long n) {
        return Universe.phone(PHONE_NEW + n);
    }
}
