package dev.crmmigrate.demo;

import java.text.Normalizer;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The demo's name spaces: organization names, person names, email addresses and phone numbers as bijective
 * functions of an index, so that different indices can never collide and planted overlaps are exact.
 */
final class Universe {
    private Universe() {}

    /** Forty distinct three-letter syllables: a fixed-width code, so distinct digit strings give distinct words. */
    private static final String[] SYLLABLES = {
        "bar", "bel", "cor", "dan", "vel", "fen", "gal", "har", "ist", "jor", "kel", "lan", "mar", "nor", "orn", "pel",
        "qin", "ros", "sel", "tor", "ulm", "ven", "wes", "xan", "yor", "zel", "bra", "cla", "dre", "fal", "gre", "hol",
        "kin", "lor", "mon", "nel", "pra", "ril", "sta", "tra"
    };

    private static final String[] ORG_TYPES = {
        "Capital",
        "Properties",
        "Holdings",
        "Development",
        "Partners",
        "Realty",
        "Investments",
        "Group",
        "Ventures",
        "Advisors",
        "Equities",
        "Residential",
        "Asset Management",
        "Real Estate",
        "Family Office",
        "Fund"
    };
    static final String[] LEGAL_SUFFIX_VARIANTS = {
        "LLC", "L.L.C.", ", LLC", "Inc.", "Inc", ", Inc.", "Corp", "Corporation", "LP", "L.P.", "Ltd", "Co."
    };

    static final String[] FIRST = {
        "James",
        "Mary",
        "Robert",
        "Patricia",
        "John",
        "Jennifer",
        "Michael",
        "Linda",
        "David",
        "Elizabeth",
        "William",
        "Barbara",
        "Richard",
        "Susan",
        "Joseph",
        "Jessica",
        "Thomas",
        "Sarah",
        "Charles",
        "Karen",
        "Daniel",
        "Nancy",
        "Matthew",
        "Lisa",
        "Anthony",
        "Betty",
        "Mark",
        "Sandra",
        "Steven",
        "Ashley",
        "José",
        "Zoë",
        "François",
        "Björn",
        "Łukasz",
        "Søren",
        "Renée",
        "Chloé",
        "Mónica",
        "Jürgen",
        "Priya",
        "Wei",
        "Aiko",
        "Olumide",
        "Fatima",
        "Dmitri",
        "Ngozi",
        "Raúl",
        "Siobhán",
        "Håkon"
    };
    static final String[] LAST = {
        "Smith",
        "Johnson",
        "Williams",
        "Brown",
        "Jones",
        "Garcia",
        "Miller",
        "Davis",
        "Rodriguez",
        "Martinez",
        "Hernandez",
        "Lopez",
        "Gonzalez",
        "Wilson",
        "Anderson",
        "Thomas",
        "Taylor",
        "Moore",
        "Jackson",
        "Martin",
        "Lee",
        "Perez",
        "Thompson",
        "White",
        "Harris",
        "Sánchez",
        "Clark",
        "Ramírez",
        "Lewis",
        "Robinson",
        "Müller",
        "Nguyen",
        "O'Brien",
        "van der Berg",
        "De la Cruz",
        "Kowalski",
        "Østergaard",
        "Papadopoulos",
        "Chen",
        "Okafor"
    };
    /** Names written in non-Latin scripts, used for a planted share of contacts. */
    static final String[] NON_LATIN = {
        "王 伟", "李 娜", "Дмитрий Иванов", "Ольга Петрова", "佐藤 健", "김 민준", "محمد علي", "Γιώργος Παπαδόπουλος"
    };

    static final String[] FREEMAIL = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com"};
    static final String[] TITLES = {
        "Managing Partner",
        "Principal",
        "CEO",
        "CFO",
        "VP Acquisitions",
        "Director of Development",
        "Asset Manager",
        "Portfolio Manager",
        "Chief Investment Officer",
        "Analyst",
        "Owner",
        "President",
        "Property Manager"
    };
    static final String[] CITIES = {
        "New York, NY",
        "Los Angeles, CA",
        "Chicago, IL",
        "Houston, TX",
        "Phoenix, AZ",
        "Miami, FL",
        "Atlanta, GA",
        "Denver, CO",
        "Seattle, WA",
        "Austin, TX",
        "Charlotte, NC",
        "Nashville, TN",
        "Boston, MA",
        "Dallas, TX"
    };
    /** Area codes in service, so that libphonenumber accepts the numbers as valid. */
    private static final int[] AREAS = {
        212, 213, 312, 415, 617, 305, 713, 404, 206, 303, 702, 214, 512, 602, 704, 615, 503, 919, 801, 646
    };

    /** A pronounceable word unique to {@code n}: n written in base 40 with syllables as digits. */
    static String word(long n) {
        StringBuilder b = new StringBuilder();
        long v = n;
        int digits = 0;
        do {
            b.append(SYLLABLES[(int) (v % SYLLABLES.length)]);
            v /= SYLLABLES.length;
            digits++;
        } while (v > 0 || digits < 2);
        return Character.toUpperCase(b.charAt(0)) + b.substring(1);
    }

    /**
     * Organization {@code n}: a unique core word plus a type. Distinct n give distinct normalized keys, because the
     * core is unique and never a legal suffix.
     */
    static String organization(long n) {
        return word(n) + " " + ORG_TYPES[(int) Math.floorMod(Rng.mix(n), ORG_TYPES.length)];
    }

    /** The web domain of organization {@code n}. */
    static String domain(long n) {
        return word(n).toLowerCase(Locale.ROOT) + ".com";
    }

    static String personName(long seed, int stream, long n) {
        if (Rng.chance(seed, stream + 1, n, 2)) {
            return Rng.pick(seed, stream + 2, n, NON_LATIN);
        }
        return Rng.pick(seed, stream, n, FIRST) + " " + Rng.pick(seed, stream + 3, n, LAST);
    }

    /** An ASCII email local part built from a name plus a unique token. */
    static String localPart(String name, String token) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("[^A-Za-z ]", "")
                .strip()
                .toLowerCase(Locale.ROOT);
        if (ascii.isEmpty()) {
            return "contact." + token;
        }
        String[] parts = ascii.split("\\s+");
        return parts[0].charAt(0) + parts[parts.length - 1] + "." + token;
    }

    /** Exchanges 200-999 without the N11 service codes. */
    private static final int[] EXCHANGES =
            IntStream.range(200, 1000).filter(e -> e % 100 != 11).toArray();

    /** A unique, valid US number in E.164 for index {@code p} (bijective below 158 million). */
    static String phone(long p) {
        int area = AREAS[(int) (p % AREAS.length)];
        long rest = p / AREAS.length;
        int exchange = EXCHANGES[(int) (rest % EXCHANGES.length)];
        long line = rest / EXCHANGES.length;
        return String.format(Locale.ROOT, "+1%d%03d%04d", area, exchange, line);
    }

    /** The same number as people type it. */
    static String formatPhone(String e164, int style) {
        String a = e164.substring(2, 5);
        String b = e164.substring(5, 8);
        String c = e164.substring(8, 12);
        return switch (style) {
            case 0 -> "(" + a + ") " + b + "-" + c;
            case 1 -> "+1 " + a + " " + b + " " + c;
            case 2 -> a + "." + b + "." + c + " x" + (10 + Integer.parseInt(c) % 90);
            case 3 -> a + "-" + b + "-" + c;
            default -> e164;
        };
    }
}
