package dev.crmmigrate.demo;

import dev.crmmigrate.normalize.Emails;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows of the outreach CSV lists. Row index ranges: one row per unique valid email; then the cross-list repeats of
 * some of them (in another list, typed differently); then invalid addresses; then rows without an email.
 */
final class OutreachFactory implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One list file: its category, its header (canonical field per column) and its quirks. */
    record ListFile(String file, String category, List<String[]> columns, boolean inManifest, boolean bom, boolean crlf)
            implements Serializable {
        String[] header() {
            return columns.stream().map(c -> c[0]).toArray(String[]::new);
        }
    }

    static final List<ListFile> FILES = List.of(
            new ListFile(
                    "developer_qozb_owners_2023.csv",
                    "developer",
                    cols(
                            "Email",
                            "email",
                            "Company",
                            "company",
                            "Full Name",
                            "full_name",
                            "Title",
                            "title",
                            "Phone",
                            "phone"),
                    true,
                    false,
                    false),
            new ListFile(
                    "developer_multifamily_leads.csv",
                    "developer",
                    cols(
                            "E-mail",
                            "email",
                            "Organization",
                            "company",
                            "First Name",
                            "first_name",
                            "Last Name",
                            "last_name",
                            "Job Title",
                            "title"),
                    true,
                    true,
                    false),
            new ListFile(
                    "developer_conference_2024.csv",
                    "developer",
                    cols("email_address", "email", "company_name", "company", "name", "full_name"),
                    false,
                    false,
                    true),
            new ListFile(
                    "investor_accredited_list.csv",
                    "investor",
                    cols(
                            "Email Address",
                            "email",
                            "Firm",
                            "company",
                            "Contact Name",
                            "full_name",
                            "Phone Number",
                            "phone"),
                    true,
                    false,
                    false),
            new ListFile(
                    "investor_webinar_signups.csv",
                    "investor",
                    cols(
                            "email",
                            "email",
                            "organization",
                            "company",
                            "first_name",
                            "first_name",
                            "last_name",
                            "last_name"),
                    true,
                    false,
                    false),
            new ListFile(
                    "investor_family_offices_2022.csv",
                    "investor",
                    cols("E-mail", "email", "Company", "company", "Name", "full_name", "Title", "title"),
                    true,
                    false,
                    true),
            new ListFile(
                    "fund_managers_directory.csv",
                    "fund",
                    cols("Email", "email", "Company", "company", "Name", "full_name", "Role", "title"),
                    true,
                    false,
                    false),
            new ListFile(
                    "fund_lp_contacts.csv",
                    "fund",
                    cols("email_address", "email", "Firm", "company", "Full Name", "full_name"),
                    true,
                    false,
                    false),
            new ListFile(
                    "other_misc_contacts.csv",
                    "other",
                    cols("Email", "email", "Company", "company", "Name", "full_name", "Telephone", "phone"),
                    true,
                    false,
                    false),
            new ListFile(
                    "other_event_badges.csv",
                    "other",
                    cols(
                            "E-mail",
                            "email",
                            "Organisation",
                            "company",
                            "First Name",
                            "first_name",
                            "Last Name",
                            "last_name"),
                    true,
                    false,
                    false));

    private static final String[] INVALID = {
        "%s.smith@",
        "n/a",
        "%s@@acme-example.com",
        "%s at gmail.com",
        "%s@acmeexample",
        "@%s.com",
        "%s@example..com",
        "unknown",
        "%s.jones@gmail,com",
        "mailto %s"
    };

    private static List<String[]> cols(String... kv) {
        ArrayList<String[]> out = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.add(new String[] {kv[i], kv[i + 1]});
        }
        return List.copyOf(out);
    }

    private final Layout l;
    private final DemoPlan p;
    private final ContactFactory contacts;
    final long crossRows;
    private final long categoryStride;
    private final long categoryOffset;
    private final long crossStride;

    OutreachFactory(Layout layout, ContactFactory contacts) {
        this.l = layout;
        this.p = layout.plan;
        this.contacts = contacts;
        crossRows = p.outreachUnique * p.crossListPercent / 100;
        categoryStride = coprimeNear(p.outreachUnique, (long) (p.outreachUnique * 0.6180339887));
        categoryOffset = Rng.below(p.seed, 90, 0, p.outreachUnique);
        crossStride = Layout.coprimeStride(p.outreachUnique);
    }

    /** A multiplier coprime with n near {@code target}: a golden-ratio stride spreads neighbouring indices apart. */
    static long coprimeNear(long n, long target) {
        long a = Math.max(1, target);
        while (BigInteger.valueOf(a).gcd(BigInteger.valueOf(n)).longValue() != 1) {
            a++;
        }
        return a;
    }

    long rows() {
        return p.outreachUnique + crossRows + p.outreachInvalid + p.outreachBlank;
    }

    /** One outreach row: the file it belongs to and its canonical fields. */
    record Entry(String file, String email, String company, String name, String title, String phone) {}

    private String categoryOf(long q) {
        long u = p.outreachUnique;
        if (q < u * 35 / 100) {
            return "developer";
        }
        if (q < u * 70 / 100) {
            return "investor";
        }
        if (q < u * 80 / 100) {
            return "fund";
        }
        return "other";
    }

    private long categoryStart(String category) {
        long u = p.outreachUnique;
        return switch (category) {
            case "developer" -> 0;
            case "investor" -> u * 35 / 100;
            case "fund" -> u * 70 / 100;
            default -> u * 80 / 100;
        };
    }

    private List<ListFile> filesOf(String category) {
        return FILES.stream().filter(f -> f.category().equals(category)).toList();
    }

    Entry entry(long r) {
        long s = p.seed;
        if (r < p.outreachUnique + crossRows) {
            boolean repeat = r >= p.outreachUnique;
            long e = repeat ? Math.floorMod((r - p.outreachUnique) * crossStride, p.outreachUnique) : r;
            long q = Math.floorMod(e * categoryStride + categoryOffset, p.outreachUnique);
            String category = categoryOf(q);
            List<ListFile> files = filesOf(category);
            int fileIdx = (int) Math.floorMod(Rng.mix(e) + (repeat ? 1 : 0), files.size());
            String[] who = emailAndName(e);
            String email = messy(who[0], r);
            String company = company(category, q - categoryStart(category), r);
            return new Entry(
                    files.get(fileIdx).file(),
                    email,
                    company,
                    who[1],
                    Rng.chance(s, 91, r, 60) ? Rng.pick(s, 92, r, Universe.TITLES) : null,
                    Rng.chance(s, 93, r, 40)
                            ? Universe.formatPhone(Universe.phone(Layout.PHONE_NEW + 40_000_000L + e), (int) (r % 5))
                            : null);
        }
        long k = r - p.outreachUnique - crossRows;
        ListFile file = FILES.get((int) Math.floorMod(Rng.mix(r), FILES.size()));
        String category = file.category();
        long poolSize = pool(category);
        String company = company(category, Rng.below(s, 94, r, Math.max(1, poolSize)), r);
        String name = Universe.personName(s, 95, r);
        if (k < p.outreachInvalid) {
            String pattern = INVALID[(int) (k % INVALID.length)];
            String word = Universe.word(k + 3_000_000L).toLowerCase(Locale.ROOT);
            return new Entry(
                    file.file(),
                    pattern.contains("%s") ? String.format(Locale.ROOT, pattern, word) : pattern,
                    company,
                    name,
                    null,
                    null);
        }
        return new Entry(file.file(), null, company, name, null, null);
    }

    /** The normalized email and a name for unique outreach email e. */
    private String[] emailAndName(long e) {
        if (e < p.outreachCrm) {
            if (e < p.matched) {
                return new String[] {l.matchedEmail(e), Universe.personName(p.seed, 96, e)};
            }
            long fp = e - p.matched;
            return new String[] {l.foEmail(fp), l.foName(fp)};
        }
        if (e < p.outreachCrm + p.outreachFreshContacts) {
            ContactFactory.Contact c = contacts.contact(p.matched + (e - p.outreachCrm));
            return new String[] {Emails.normalize(c.email()), c.name()};
        }
        long o = e - p.outreachCrm - p.outreachFreshContacts;
        String name = Universe.personName(p.seed, 97, o);
        String domain = Rng.chance(p.seed, 98, o, 40)
                ? Rng.pick(p.seed, 99, o, Universe.FREEMAIL)
                : Universe.domain(l.orgOutBase + 60_000_000L + o);
        return new String[] {Universe.localPart(name, "o" + Long.toString(o, 36)) + "@" + domain, name};
    }

    private long pool(String category) {
        return switch (category) {
            case "developer" -> p.poolDeveloper;
            case "investor" -> p.poolInvestor;
            case "fund" -> p.poolFund;
            default -> p.poolOther;
        };
    }

    /** The company of a row at position t of its category: pool entry t mod pool size, written as people write it. */
    private String company(String category, long t, long r) {
        long idx = Math.floorMod(t, pool(category));
        String base;
        boolean known;
        switch (category) {
            case "developer" -> {
                known = idx < p.overlapDeveloperQozb;
                base = known ? l.qozbOrg(idx) : l.outreachOnlyOrg(idx);
            }
            case "investor" -> {
                if (idx < p.overlapInvestorFo) {
                    known = true;
                    base = l.foOrg(idx);
                } else if (idx < p.overlapInvestorFo + p.overlapInvestorQozb) {
                    known = true;
                    base = l.qozbOrg(p.overlapDeveloperQozb + idx - p.overlapInvestorFo);
                } else {
                    known = false;
                    base = l.outreachOnlyOrg(p.poolDeveloper + idx);
                }
            }
            case "fund" -> {
                known = false;
                base = l.outreachOnlyOrg(p.poolDeveloper + p.poolInvestor + idx);
            }
            default -> {
                known = idx < p.overlapOther;
                base = known
                        ? l.qozbOrg(p.overlapDeveloperQozb + p.overlapInvestorQozb + idx)
                        : l.outreachOnlyOrg(p.poolDeveloper + p.poolInvestor + p.poolFund + idx);
            }
        }
        long v = Rng.below(p.seed, 100, r, 100);
        String suffix = Universe.LEGAL_SUFFIX_VARIANTS[
                (int) Math.floorMod(Rng.mix(r + 17), Universe.LEGAL_SUFFIX_VARIANTS.length)];
        String withSuffix = suffix.startsWith(",") ? base + suffix : base + " " + suffix;
        if (v < (known ? 45 : 20)) {
            return withSuffix;
        }
        if (v < 55) {
            return base.toUpperCase(Locale.ROOT);
        }
        if (v < 60) {
            return "The " + base;
        }
        return base;
    }

    private String messy(String email, long r) {
        long v = Rng.below(p.seed, 101, r, 100);
        if (v < 7) {
            return email.toUpperCase(Locale.ROOT);
        }
        if (v < 12) {
            return "  " + email + " ";
        }
        if (v < 15) {
            return Character.toUpperCase(email.charAt(0)) + email.substring(1);
        }
        return email;
    }
}
