package dev.crmmigrate.demo;

import java.io.Serializable;
import java.util.Locale;

/** Rows of the QOZB property export and the Family Office export. */
final class SourceFactory implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String[] QOZB_HEADER = {
        "property_id",
        "property_name",
        "address",
        "city",
        "state",
        "zip",
        "owner_organization",
        "contact_id",
        "contact_name",
        "contact_title",
        "contact_email",
        "contact_phone_1",
        "contact_phone_2",
        "property_phone"
    };
    static final String[] FO_HEADER = {
        "record_id",
        "firm",
        "firm_type",
        "contact_name",
        "title",
        "email",
        "phone",
        "linkedin_url",
        "location",
        "aum_usd_m"
    };
    private static final String[] STREETS = {
        "Main St",
        "Oak Ave",
        "Market St",
        "Broadway",
        "Elm St",
        "Park Blvd",
        "Harbor Dr",
        "River Rd",
        "5th Ave",
        "Sunset Blvd"
    };
    private static final String[] FIRM_TYPES = {
        "Single Family Office", "Multi Family Office", "Private Investment Office"
    };

    private final Layout l;
    private final DemoPlan p;

    SourceFactory(Layout layout) {
        this.l = layout;
        this.p = layout.plan;
    }

    /** The QOZB contact and owner organization of property row r. */
    long[] contactAndOrg(long r) {
        long c;
        long org;
        if (r < p.qozbPeople) {
            c = r;
            org = Math.floorMod(c, p.qozbOrgs);
        } else if (r < p.qozbPeople + p.multiOrgPeople) {
            c = r - p.qozbPeople;
            org = Math.floorMod(c + p.qozbOrgs / 2, p.qozbOrgs);
        } else {
            c = Rng.below(p.seed, 70, r, p.qozbPeople);
            org = Math.floorMod(c, p.qozbOrgs);
        }
        return new long[] {c, org};
    }

    String[] qozb(long r) {
        long s = p.seed;
        long[] co = contactAndOrg(r);
        long c = co[0];
        String orgName = l.qozbOrg(co[1]);
        if (r >= p.qozbPeople && Rng.chance(s, 71, r, 10)) {
            orgName = orgName.toUpperCase(Locale.ROOT); // the same owner typed differently on a later property
        }
        long q = l.qozbEmailOf(c);
        String email = q < 0 ? null : l.qozbEmail(q);
        if (email != null && Rng.chance(s, 72, r, 5)) {
            email = " " + email.toUpperCase(Locale.ROOT);
        }
        String p1 = l.qozbPhone1(c);
        String p2 = l.qozbPhone2(c);
        String propertyPhone = null;
        if (r < p.propertyPhones) {
            propertyPhone = l.propertyPhone(r);
        } else if (Rng.chance(s, 73, r, 50)) {
            propertyPhone = l.propertyPhone(Rng.below(s, 74, r, p.propertyPhones));
        }
        String city = Rng.pick(s, 75, r, Universe.CITIES);
        return new String[] {
            "QOZB-" + (100000 + r),
            Universe.word(r + 90_000_000L) + " " + (Rng.chance(s, 76, r, 50) ? "Apartments" : "Commons"),
            (100 + Rng.below(s, 77, r, 9800)) + " " + Rng.pick(s, 78, r, STREETS),
            city.substring(0, city.indexOf(',')),
            city.substring(city.indexOf(',') + 2),
            String.format(Locale.ROOT, "%05d", 10000 + Rng.below(s, 79, r, 89999)),
            orgName,
            "QC-" + (500000 + c),
            l.qozbName(c),
            Universe.TITLES[(int) Math.floorMod(Rng.mix(c), Universe.TITLES.length)],
            email,
            p1 == null ? null : Universe.formatPhone(p1, (int) Math.floorMod(r, 5)),
            p2 == null ? null : Universe.formatPhone(p2, (int) Math.floorMod(r + 1, 5)),
            propertyPhone == null ? null : Universe.formatPhone(propertyPhone, (int) Math.floorMod(r + 2, 5))
        };
    }

    String[] familyOffice(long i) {
        long s = p.seed;
        String name = l.foName(i);
        String phone = l.foPhone(i);
        String email = l.foEmail(i);
        String slug = Universe.localPart(name, Long.toString(i, 36)).replace('.', '-');
        return new String[] {
            "FO-" + (20000 + i),
            l.foOrg(l.foFirm(i)),
            Rng.pick(s, 80, i, FIRM_TYPES),
            name,
            Rng.pick(s, 81, i, Universe.TITLES),
            email,
            phone == null ? null : Universe.formatPhone(phone, (int) Math.floorMod(i, 5)),
            Rng.chance(s, 82, i, 70) ? "https://www.linkedin.com/in/" + slug : null,
            Rng.chance(s, 83, i, 85) ? Rng.pick(s, 84, i, Universe.CITIES) : null,
            Rng.chance(s, 85, i, 60) ? String.valueOf(50 + Rng.below(s, 86, i, 5000)) : null
        };
    }
}
