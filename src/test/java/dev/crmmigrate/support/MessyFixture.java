package dev.crmmigrate.support;

import dev.crmmigrate.db.Database;
import dev.crmmigrate.normalize.Phones;
import dev.crmmigrate.normalize.Sanitizer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Fresh messy legacy contacts and a pre-existing CRM from a seed, for the differential test. Nobody planted figures
 * here: every value is drawn at random from pools of what real lists hold (case and space variants, duplicates at every
 * position and created_at ties, shared role addresses, invalid and over-long addresses, contacts without email,
 * bounced and unsubscribed mixes, phone formats, legal-form variants, control characters, huge pasted values, names
 * and companies in Latin, Greek, Cyrillic and Japanese script). Several seeds share one database under disjoint key
 * spaces: every address, company and CRM row of seed {@code n} carries the tag {@code sN}.
 */
public final class MessyFixture {
    static final String[] FIRST = {"Mary", "José", "Zoë", "Łukasz", "Søren", "Jürgen", "Siobhán", "Priya", "Wei", "Aiko"
    };
    static final String[] LAST = {"Smith", "Müller", "O'Brien", "van der Berg", "De la Cruz", "Østergaard", "Nguyen"};
    static final String[] NON_LATIN = {"王 伟", "Дмитрий Иванов", "Γιώργος Παπαδόπουλος", "佐藤 健", "김 민준", "محمد علي"};
    static final String[] TITLES = {"CEO", "Managing Partner", "  Principal ", "VP Acquisitions", "Owner"};
    static final String[] LEADS = {"new", "cold", "warm", "hot", "customer", "Zombie", "contacted"};
    static final String[] TYPES = {"investor", "developer", "fund", "partner"};
    static final String[] AREAS = {"212", "415", "646", "305", "617"};
    static final long BASE = Instant.parse("2019-01-01T00:00:00Z").getEpochSecond();

    private MessyFixture() {}

    /**
     * Loads seeds [from, to) into a database that has the legacy and CRM tables, and the phone table of the reference.
     */
    public static void load(Database db, int from, int to) {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS peer_phone_e164 (raw text PRIMARY KEY, e164 text)");
            }
            Set<String> phones = new LinkedHashSet<>();
            for (int s = from; s < to; s++) {
                seed(c, s, phones);
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO peer_phone_e164 VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (String raw : phones) {
                    ps.setString(1, raw);
                    ps.setString(2, Phones.e164(Sanitizer.clean(raw), "US"));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static void seed(Connection c, int seed, Set<String> phonePool) throws SQLException {
        Random r = new Random(seed * 7919L + 17);
        String tag = "s" + seed;
        // The CRM before the import: organizations, people with emails (one role address shared by two), phones.
        String[] orgs = {tag + " Acme Holdings", tag + " Müller Bau GmbH", tag + " Οδός Ανάπτυξη", tag + " 株式会社ソニー"};
        for (String o : orgs) {
            exec(
                    c,
                    "INSERT INTO organizations (id, name, org_type) VALUES (?::uuid, ?, 'qozb_owner')",
                    uuid("org-" + o),
                    o);
        }
        List<String> crmAddresses = new ArrayList<>();
        UUID[] people = new UUID[5];
        for (int i = 0; i < people.length; i++) {
            people[i] = uuid("crm-person-" + seed + "-" + i);
            String[] tags =
                    r.nextBoolean() ? new String[] {"qozb_contact"} : new String[] {"family_office", "investor"};
            exec(
                    c,
                    "INSERT INTO people (id, first_name, last_name, tags, lead_status, user_id, created_at) "
                            + "VALUES (?::uuid, ?, ?, ?::text[], ?, ?::uuid, ?)",
                    people[i],
                    pick(r, FIRST),
                    pick(r, LAST),
                    "{" + String.join(",", tags) + "}",
                    r.nextInt(3) == 0 ? null : pick(r, new String[] {"cold", "warm", "hot"}),
                    i == 1 ? uuid("user-" + seed + "-crm") : null,
                    ts(BASE - 86_400L * (10 + r.nextInt(400))));
            String address = "p" + i + "." + tag + "@crm-example.com";
            crmAddresses.add(address);
            email(c, r, address, people[i]);
        }
        String role = "info@" + tag + "-acme.com";
        crmAddresses.add(role);
        email(c, r, role, people[2]);
        link(c, role, people[3]);
        String second = "second.p4." + tag + "@crm-example.de";
        crmAddresses.add(second);
        email(c, r, second, people[4]);
        String crmPhone = "+1" + AREAS[seed % AREAS.length] + "55501" + String.format(Locale.ROOT, "%02d", seed % 100);
        exec(
                c,
                "INSERT INTO phones (id, number) VALUES (?::uuid, ?) ON CONFLICT DO NOTHING",
                uuid("phone-" + crmPhone),
                crmPhone);
        exec(
                c,
                "INSERT INTO person_phones (person_id, phone_id, source) SELECT ?::uuid, id, 'qozb' FROM phones "
                        + "WHERE number = ? ON CONFLICT DO NOTHING",
                people[0],
                crmPhone);
        exec(
                c,
                "INSERT INTO person_organizations (person_id, organization_id, title) VALUES (?::uuid, ?::uuid, 'CEO')",
                people[0],
                uuid("org-" + orgs[0]));

        // The legacy contacts.
        List<String> newAddresses = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            newAddresses.add(
                    (k % 2 == 0 ? "n" + k + "." + tag + "@example.com" : "new" + k + "." + tag + "@mail.example.org"));
        }
        String newRole = "leasing@" + tag + "-newco.io";
        String[] invalid = {
            "not-an-email-" + tag,
            tag + "@",
            "@" + tag + ".com",
            "a b." + tag + "@example.com",
            "x." + tag + "@localhost",
            "l".repeat(250) + "." + tag + "@example.com"
        };
        String[] companies = {
            orgs[0],
            orgs[0].toUpperCase(Locale.ROOT),
            "  " + orgs[1].toLowerCase(Locale.ROOT) + " ",
            orgs[2].toUpperCase(Locale.ROOT),
            orgs[3],
            tag + " Acme Holdings LLC",
            tag + " ACME HOLDINGS, LLC",
            tag + " Łoś sp. z o.o.",
            tag + " ŁOŚ SP. Z O.O.",
            tag + " Hello World Oy",
            tag + " ОАО Ромашка",
            tag + " оао ромашка",
            tag + " Build\u001bCo",
            TestText.random(r, 3000)
        };
        int n = 12 + r.nextInt(28);
        List<Long> created = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            UUID id = uuid("contact-" + seed + "-" + k);
            int e = r.nextInt(100);
            String email;
            if (e < 25) {
                email = crmAddresses.get(r.nextInt(crmAddresses.size()));
            } else if (e < 55) {
                email = newAddresses.get(r.nextInt(newAddresses.size()));
            } else if (e < 65) {
                email = newRole;
            } else if (e < 80) {
                email = invalid[r.nextInt(invalid.length)];
            } else {
                email = pick(r, new String[] {null, "", "   "});
            }
            email = variant(r, email);
            String name = switch (r.nextInt(10)) {
                case 0 -> null;
                case 1 -> pick(r, NON_LATIN);
                case 2 -> "  " + pick(r, FIRST) + "   Ann \t" + pick(r, LAST) + " ";
                case 3 -> pick(r, FIRST) + "\u0001 " + pick(r, LAST) + "\u007f";
                case 4 -> "Cher";
                default -> pick(r, FIRST) + " " + pick(r, LAST);
            };
            String company = r.nextInt(10) < 3 ? null : pick(r, companies);
            String title = r.nextInt(3) == 0 ? null : r.nextInt(20) == 0 ? "T".repeat(400) : pick(r, TITLES);
            String phone = null;
            if (r.nextInt(3) > 0) {
                String area = AREAS[r.nextInt(AREAS.length)];
                String line = String.format(Locale.ROOT, "01%02d", r.nextInt(8));
                phone = switch (r.nextInt(7)) {
                    case 0 -> "(" + area + ") 555-" + line;
                    case 1 -> "+1 " + area + " 555 " + line;
                    case 2 -> area + ".555." + line + " x12";
                    case 3 -> area + "-555-" + line;
                    case 4 -> "12345";
                    case 5 -> crmPhone.substring(2, 5) + " 555 " + crmPhone.substring(8);
                    default -> "+1 " + area + " 555 " + line + " " + "9".repeat(70);
                };
                phonePool.add(phone);
            }
            String types = switch (r.nextInt(5)) {
                case 0 -> null;
                case 1 -> "{}";
                case 2 -> "{" + pick(r, TYPES) + "}";
                case 3 -> "{" + pick(r, TYPES) + "," + pick(r, TYPES) + "}";
                default -> "{investor}";
            };
            long at = !created.isEmpty() && r.nextInt(8) == 0
                    ? created.get(r.nextInt(created.size()))
                    : BASE + 86_400L * r.nextInt(2000) + r.nextInt(86_400);
            created.add(at);
            boolean bounced = r.nextInt(8) == 0;
            boolean unsub = r.nextInt(6) == 0;
            String reason = bounced || unsub ? pick(r, new String[] {"hard_bounce", "unsubscribed", null}) : null;
            Timestamp since = bounced || unsub ? ts(at + 86_400L * (1 + r.nextInt(300))) : null;
            String details = switch (r.nextInt(5)) {
                case 0 -> "{\"location\": \"Paris\"}";
                case 1 -> "{\"webinar\": \"2024-q" + (1 + r.nextInt(4)) + "\"}";
                case 2 -> "{\"location\": null}";
                default -> null;
            };
            exec(
                    c,
                    "INSERT INTO contacts (id, email, name, company, role, phone_number, contact_types, details, "
                            + "user_id, location, source, lead_status, globally_bounced, globally_unsubscribed, "
                            + "suppression_reason, "
                            + "suppression_date, created_at) VALUES (?::uuid, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, "
                            + "?::uuid, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)",
                    id,
                    email,
                    name,
                    company,
                    title,
                    phone,
                    types,
                    details,
                    r.nextInt(10) == 0 ? uuid("user-" + seed + "-" + r.nextInt(3)) : null,
                    pick(r, new String[] {null, "Austin, TX", "  Berlin ", ""}),
                    pick(r, new String[] {"outreach_list", "website_signup", null}),
                    r.nextInt(3) == 0 ? null : pick(r, LEADS),
                    bounced,
                    unsub,
                    reason,
                    since,
                    ts(at));
        }
    }

    private static void email(Connection c, Random r, String address, UUID person) throws SQLException {
        String status = pick(r, new String[] {"active", "active", "suppressed", "bounced"});
        exec(
                c,
                "INSERT INTO emails (id, address, status, metadata) VALUES (?::uuid, ?, ?, ?::jsonb)",
                uuid("email-" + address),
                address,
                status,
                r.nextBoolean() ? "{}" : "{\"note\": \"crm\"}");
        link(c, address, person);
    }

    private static void link(Connection c, String address, UUID person) throws SQLException {
        exec(
                c,
                "INSERT INTO person_emails (person_id, email_id, source) VALUES (?::uuid, ?::uuid, 'qozb')",
                person,
                uuid("email-" + address));
    }

    /** Real lists write one address many ways: upper case, a capital, stray spaces. */
    private static String variant(Random r, String email) {
        if (email == null || email.isBlank()) {
            return email;
        }
        return switch (r.nextInt(6)) {
            case 0 -> email.toUpperCase(Locale.ROOT);
            case 1 -> " " + Character.toUpperCase(email.charAt(0)) + email.substring(1) + "  ";
            default -> email;
        };
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static Timestamp ts(long epochSecond) {
        return Timestamp.from(Instant.ofEpochSecond(epochSecond));
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else if (a instanceof Timestamp t) {
                    ps.setTimestamp(i + 1, t);
                } else if (a instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else {
                    ps.setString(i + 1, a.toString());
                }
            }
            ps.executeUpdate();
        }
    }

    /** Random pasted text: Latin letters and CJK ideographs. */
    static final class TestText {
        private TestText() {}

        static String random(Random r, int length) {
            StringBuilder b = new StringBuilder();
            while (b.length() < length) {
                b.appendCodePoint(r.nextBoolean() ? 'a' + r.nextInt(26) : 0x4E00 + r.nextInt(2000));
            }
            return b.toString();
        }
    }
}
