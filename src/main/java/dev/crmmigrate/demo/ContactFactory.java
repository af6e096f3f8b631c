package dev.crmmigrate.demo;

import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The legacy {@code contacts} row at index k, and the rows that refer to contacts (auth.users, campaign_recipients,
 * email_queue). Index ranges: [0, matched) emails already in the CRM; then the new ones; then the later duplicates;
 * then the contacts without email. Attributes are planted by ranges over rotated indices so that every count is exact.
 */
final class ContactFactory implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long START = Instant.parse("2019-01-01T00:00:00Z").getEpochSecond();
    private static final long SPAN = Instant.parse("2025-09-30T00:00:00Z").getEpochSecond() - START;
    static final String[] TYPES = {"developer", "investor", "fund", "warm_contact", "webinar_attendee", "broker"};
    static final String[] LEAD = {"new", "cold", "contacted", "warm", "engaged", "hot", "qualified", "customer"};
    private static final String[] SUPPRESSION = {"hard_bounce", "spam_complaint", "unsubscribe_link", "manual"};

    final Layout l;
    final DemoPlan p;
    private final long offCompany;
    private final long offPhone;
    private final long offFlags;
    private final long offUser;
    private final long offName;
    private final long offLocation;
    private final long offMatchedFlags;
    private final long offMatchedUser;
    private final long permA;
    private final long permB;

    ContactFactory(Layout layout) {
        this.l = layout;
        this.p = layout.plan;
        long s = p.seed;
        offCompany = Rng.below(s, 101, 0, p.fresh);
        offPhone = Rng.below(s, 102, 0, p.fresh);
        offFlags = Rng.below(s, 103, 0, p.fresh);
        offUser = Rng.below(s, 104, 0, p.fresh);
        offName = Rng.below(s, 105, 0, p.fresh);
        offLocation = Rng.below(s, 106, 0, p.fresh);
        offMatchedFlags = Rng.below(s, 107, 0, p.matched);
        offMatchedUser = Rng.below(s, 108, 0, p.matched);
        permA = coprimeMultiplier(p.contacts);
        permB = Rng.below(s, 109, 0, p.contacts);
    }

    private static long coprimeMultiplier(long n) {
        long a = 7919;
        while (gcd(a, n) != 1) {
            a += 2;
        }
        return a;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The contact index written at file position pos: a fixed permutation, so the file is not sorted by kind. */
    long indexAt(long pos) {
        return Math.floorMod(permA * pos + permB, p.contacts);
    }

    /** One legacy contact, as its CSV columns (all text, null for SQL NULL). */
    record Contact(
            String id,
            String email,
            String name,
            String company,
            String role,
            String phone,
            String types,
            String details,
            String userId,
            String location,
            String source,
            String leadStatus,
            boolean bounced,
            boolean unsubscribed,
            String suppressionReason,
            String suppressionDate,
            String createdAt,
            long createdEpoch) {}

    static UUID contactId(long seed, long k) {
        return Rng.uuid(seed, 1, k);
    }

    static UUID userId(long seed, long u) {
        return Rng.uuid(seed, 300, u);
    }

    Contact contact(long k) {
        long s = p.seed;
        String id = contactId(s, k).toString();
        long created = START + Rng.below(s, 40, k, SPAN);
        String name = Universe.personName(s, 30, k);
        String location = Rng.pick(s, 41, k, Universe.CITIES);
        String types = types(k);
        String lead = Rng.chance(s, 42, k, 30) ? null : Rng.pick(s, 43, k, LEAD);
        String email = null;
        String company = null;
        String role = null;
        String phone = null;
        String userId = null;
        boolean bounced = false;
        boolean unsub = false;
        String source = Rng.chance(s, 44, k, 15) ? "warm_contacts" : "outreach_list";

        if (k < p.matched) {
            long j = k;
            email = messy(l.matchedEmail(j), k);
            if (j < p.phoneAlreadyLinked) {
                phone = Universe.formatPhone(l.foPhone(l.matchedFoPerson(j)), (int) (k % 5));
            }
            if (j >= p.matchedFromFo - p.companyAlreadyLinked && j < p.matchedFromFo) {
                company = caseVariant(l.foOrg(l.foFirm(l.matchedFoPerson(j))), k);
                role = Rng.pick(s, 45, k, Universe.TITLES);
            }
            long f = Math.floorMod(j + offMatchedFlags, p.matched);
            bounced = f < p.matchedBounced;
            unsub = f >= p.matchedBounced && f < p.matchedBounced + p.matchedUnsubscribed;
            long u = Math.floorMod(j + offMatchedUser, p.matched);
            if (u < p.matchedUsers) {
                userId = userId(s, u).toString();
            }
        } else if (k < p.matched + p.fresh) {
            long i = k - p.matched;
            long rc = Math.floorMod(i + offCompany, p.fresh);
            long cmFresh = p.companyMatchRows - p.companyAlreadyLinked;
            String domain = null;
            if (rc < cmFresh) {
                long org = Rng.below(s, 46, i, Long.MAX_VALUE);
                company = caseVariant(l.existingOrg(org), k);
            } else if (rc < cmFresh + p.newCompanyRows) {
                long str = Math.floorMod(rc - cmFresh, p.newCompanyStrings);
                company = l.newCompanyString(str);
                domain = l.newOrgDomain(str < p.newOrgs() ? str : str - p.newOrgs());
                if (Rng.chance(s, 47, k, 5)) {
                    company = "  " + company + " "; // stray whitespace: the same string once trimmed
                }
            }
            if (company != null && rc < p.roles - p.companyAlreadyLinked) {
                role = Rng.pick(s, 45, k, Universe.TITLES);
            }
            email = messy(freshEmail(i, name, domain), k);
            long rp = Math.floorMod(i + offPhone, p.fresh);
            if (rp < p.phoneMatchFresh) {
                phone = Universe.formatPhone(l.propertyPhone(Rng.below(s, 48, i, p.propertyPhones)), (int) (k % 5));
            } else if (rp < p.phoneMatchFresh + p.phoneNewRows) {
                phone = Universe.formatPhone(
                        l.newPhone(Math.floorMod(rp - p.phoneMatchFresh, p.newPhones)), (int) (k % 5));
            }
            long rf = Math.floorMod(i + offFlags, p.fresh);
            bounced = rf < p.freshBounced;
            long unsubFrom = p.freshBounced - p.freshBoth;
            unsub = rf >= unsubFrom && rf < unsubFrom + p.freshUnsubscribed;
            long ru = Math.floorMod(i + offUser, p.fresh);
            if (ru < p.users - p.matchedUsers) {
                userId = userId(s, p.matchedUsers + ru).toString();
                source = "website_signup";
            }
            if (Math.floorMod(i + offName, p.fresh) < p.noName) {
                name = null;
            }
            if (Math.floorMod(i + offLocation, p.fresh) >= p.freshWithLocation) {
                location = null;
            }
        } else if (k < p.matched + p.fresh + p.duplicates) {
            long d = k - p.matched - p.fresh;
            Contact original = contact(p.matched + d);
            email = "  " + original.email().strip().toUpperCase(Locale.ROOT) + " ";
            name = original.name();
            created = original.createdEpoch() + 86_400L * (1 + Rng.below(s, 49, d, 90));
            source = "outreach_list";
        }
        // else: the contacts without an email address (k beyond the duplicates)

        String suppressionReason = null;
        String suppressionDate = null;
        if (bounced || unsub) {
            suppressionReason = bounced ? "hard_bounce" : Rng.pick(s, 50, k, SUPPRESSION);
            suppressionDate = Instant.ofEpochSecond(created + 86_400L * (10 + Rng.below(s, 51, k, 300)))
                    .toString();
        }
        String details = details(k, location, source);
        return new Contact(
                id,
                email,
                name,
                company,
                role,
                phone,
                types,
                details,
                userId,
                location,
                source,
                lead,
                bounced,
                unsub,
                suppressionReason,
                suppressionDate,
                Instant.ofEpochSecond(created).toString(),
                created);
    }

    /** The normalized email of new contact i. */
    String freshEmail(long i, String name, String companyDomain) {
        long s = p.seed;
        String token = "c" + Long.toString(i, 36);
        if (Rng.chance(s, 52, i, 1)) {
            return "info@" + Universe.word(i + 7_000_000L).toLowerCase(Locale.ROOT) + "-" + token + ".com";
        }
        String domain = companyDomain != null && Rng.chance(s, 53, i, 75)
                ? companyDomain
                : Rng.chance(s, 54, i, 50)
                        ? Rng.pick(s, 55, i, Universe.FREEMAIL)
                        : Universe.domain(l.orgOutBase + 50_000_000L + i);
        return Universe.localPart(name == null ? "" : name, token) + "@" + domain;
    }

    /** Real lists carry addresses in mixed case and with stray spaces; normalization must undo both. */
    private String messy(String email, long k) {
        long r = Rng.below(p.seed, 56, k, 100);
        if (r < 6) {
            return email.toUpperCase(Locale.ROOT);
        }
        if (r < 10) {
            return " " + Character.toUpperCase(email.charAt(0)) + email.substring(1) + "  ";
        }
        return email;
    }

    private String caseVariant(String org, long k) {
        long r = Rng.below(p.seed, 57, k, 100);
        if (r < 8) {
            return org.toUpperCase(Locale.ROOT);
        }
        if (r < 14) {
            return org.toLowerCase(Locale.ROOT);
        }
        if (r < 18) {
            return " " + org + " ";
        }
        return org;
    }

    private String types(long k) {
        long s = p.seed;
        String first = Rng.pick(s, 58, k, TYPES);
        if (Rng.chance(s, 59, k, 20)) {
            String second = Rng.pick(s, 60, k, TYPES);
            if (!second.equals(first)) {
                return "{" + first + "," + second + "}";
            }
        }
        return "{" + first + "}";
    }

    private String details(long k, String location, String source) {
        long s = p.seed;
        StringBuilder b =
                new StringBuilder("{\"import_source\":\"").append(source).append('"');
        if (location != null) {
            b.append(",\"location\":\"").append(location).append('"');
        }
        if (Rng.chance(s, 61, k, 10)) {
            b.append(",\"webinar\":{\"event\":\"eventbrite-")
                    .append(1000 + Rng.below(s, 62, k, 40))
                    .append("\",\"attended\":")
                    .append(Rng.chance(s, 63, k, 60))
                    .append('}');
        }
        b.append(",\"sparkpost\":{\"recipient_list\":\"rl-")
                .append(Rng.below(s, 64, k, 30))
                .append("\"}}");
        return b.toString();
    }

    // ---- rows that refer to contacts

    /** The contact index of auth user u. */
    long contactOfUser(long u) {
        if (u < p.matchedUsers) {
            return Math.floorMod(u - offMatchedUser, p.matched);
        }
        return p.matched + Math.floorMod(u - p.matchedUsers - offUser, p.fresh);
    }

    String[] authUser(long u) {
        Contact c = contact(contactOfUser(u));
        long created = c.createdEpoch() - 3600;
        String meta = "{\"full_name\":"
                + (c.name() == null ? "null" : "\"" + c.name().replace("\"", "") + "\"") + ",\"signup\":\"website\"}";
        return new String[] {
            userId(p.seed, u).toString(),
            c.email().strip().toLowerCase(Locale.ROOT),
            Instant.ofEpochSecond(created).toString(),
            meta
        };
    }

    /** campaign_recipients for (campaign c, contact k), or null when k was not in that campaign. */
    String[] recipient(int c, long k) {
        long s = p.seed;
        boolean orphan = k >= p.matched + p.fresh + p.duplicates;
        if (!orphan && !Rng.chance(s, 200 + c, k, p.recipientPercent)) {
            return null;
        }
        if (orphan && c != 0) {
            return null;
        }
        Contact ct = contact(k);
        long sent =
                Instant.parse("2025-10-01T09:00:00Z").getEpochSecond() + 86_400L * 7 * c + Rng.below(s, 210, k, 7200);
        String opened = null;
        String clicked = null;
        String bouncedAt = null;
        String status = "sent";
        if (ct.bounced()) {
            bouncedAt = Instant.ofEpochSecond(sent + 60).toString();
            status = "bounced";
        } else if (Rng.chance(s, 211 + c, k, 40)) {
            opened = Instant.ofEpochSecond(sent + 600 + Rng.below(s, 212, k, 86_400))
                    .toString();
            status = "opened";
            if (Rng.chance(s, 213 + c, k, 25)) {
                clicked = Instant.ofEpochSecond(sent + 90_000 + Rng.below(s, 214, k, 86_400))
                        .toString();
                status = "clicked";
            }
        }
        return new String[] {
            Rng.uuid(s, 220 + c, k).toString(),
            "campaign-" + (2025_10 + c),
            ct.id(),
            status,
            Instant.ofEpochSecond(sent).toString(),
            opened,
            clicked,
            bouncedAt
        };
    }

    String[] queued(long q) {
        long s = p.seed;
        long r = Rng.below(s, 230, q, 100);
        String to;
        if (r < 70) {
            long k = Rng.below(s, 231, q, p.matched + p.fresh);
            to = contact(k).email();
        } else if (r < 80) {
            to = l.qozbEmail(Rng.below(s, 232, q, p.roleSharedEmails));
        } else {
            to = "someone.e" + Long.toString(q, 36) + "@" + Rng.pick(s, 233, q, Universe.FREEMAIL);
        }
        String status = Rng.chance(s, 234, q, 60) ? "sent" : "pending";
        return new String[] {
            Rng.uuid(s, 235, q).toString(),
            to,
            "Opportunity Zone update #" + (1 + q % 12),
            status,
            Instant.parse("2025-11-01T00:00:00Z")
                    .plusSeconds(Rng.below(s, 236, q, 2_000_000))
                    .toString()
        };
    }
}
