package dev.crmmigrate.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Two keys for a company name.
 * <ul>
 *   <li>{@link #exact}: trimmed and lower-cased. The import's rule: "Greystar" and "GREYSTAR " are one organization,
 *       "Greystar LLC" is another. False merges are worse than missed ones.</li>
 *   <li>{@link #normalized}: for audits and the near-duplicate review only. Letters and digits of every script stay;
 *       accents of Latin and Greek letters are removed and letters without a decomposition folded (ł→l, ø→o, ß→ss,
 *       æ→ae, đ→d); "&amp;" reads "and"; a leading "the" and the legal forms of the ISO 20275 list (resource
 *       {@value #LEGAL_FORMS}, plus {@code rules.legal_suffixes}) are removed, as suffix and, where a country writes
 *       them first ("Oy Hello World", "ООО Ромашка", "株式会社ソニー"), as prefix. The key of a key is the key itself.</li>
 * </ul>
 */
public final class CompanyKeys {
    /** The legal forms resource: country, position (suffix | prefix | both), spelling; tab-separated. */
    public static final String LEGAL_FORMS = "/normalize/legal-forms.tsv";

    /** Marks stay: in scripts other than Latin and Greek they are parts of letters (й, Devanagari vowel signs). */
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}\\p{M}]+");
    /**
     * Accents on Latin and Greek letters only: in other scripts (Devanagari, Hangul jamo …) marks are letters' parts.
     */
    private static final Pattern LATIN_GREEK_MARKS = Pattern.compile("(?<=[\\p{IsLatin}\\p{IsGreek}])\\p{M}+");
    /** Scripts written without spaces: a legal form there is glued to the name ("株式会社ソニー"). */
    private static final Pattern UNSPACED_SCRIPT =
            Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");

    private static final Map<String, String> FOLDS = Map.ofEntries(
            Map.entry("ł", "l"),
            Map.entry("ø", "o"),
            Map.entry("ß", "ss"),
            Map.entry("æ", "ae"),
            Map.entry("œ", "oe"),
            Map.entry("đ", "d"),
            Map.entry("ð", "d"),
            Map.entry("þ", "th"),
            Map.entry("ı", "i"),
            Map.entry("ħ", "h"),
            Map.entry("ŀ", "l"),
            Map.entry("ŧ", "t"),
            Map.entry("ĸ", "k"),
            Map.entry("ŋ", "n"),
            Map.entry("ſ", "s"));

    private static final LegalForms FORMS = LegalForms.load();
    /** {@code rules.legal_suffixes} in their compared spellings, computed once per list. */
    private static final Map<List<String>, Set<String>> EXTRA = new ConcurrentHashMap<>();

    private CompanyKeys() {}

    /**
     * The import's key: spaces trimmed (as PostgreSQL's {@code btrim} and Spark's {@code trim} do) and every character
     * lower-cased on its own, as PostgreSQL's {@code lower()} does in a UTF-8 database, so that the key is exactly what
     * the unique index on {@code lower(name)} sees. Java's {@code String.toLowerCase} applies context rules the
     * database
     * does not (a Greek final sigma: "ΟΔΟΣ" → "οδος" there, "οδοσ" here and in PostgreSQL); with them an organization
     * the CRM holds would not be found, and its people not linked (found by the differential test).
     */
    public static String exact(String name) {
        if (name == null) {
            return null;
        }
        int from = 0;
        int to = name.length();
        while (from < to && name.charAt(from) == ' ') {
            from++;
        }
        while (to > from && name.charAt(to - 1) == ' ') {
            to--;
        }
        if (from == to) {
            return null;
        }
        StringBuilder b = new StringBuilder(to - from);
        name.substring(from, to).codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(cp)));
        return b.toString();
    }

    /**
     * The audit key, or null when nothing but punctuation or a legal form is left.
     *
     * @param extraSuffixes more legal suffixes ({@code rules.legal_suffixes}), in any spelling
     */
    public static String normalized(String name, List<String> extraSuffixes) {
        if (name == null) {
            return null;
        }
        String s = words(name);
        Set<String> extra = extraSuffixes.isEmpty()
                ? Set.of()
                : EXTRA.computeIfAbsent(List.copyOf(extraSuffixes), FORMS::spellings);
        // Repeated until nothing changes, so that the key of a key is the key itself ("The Oy The Acme AG LLC").
        String before;
        do {
            before = s;
            while (s.startsWith("the ")) {
                s = s.substring(4);
            }
            s = FORMS.strip(s, extra);
        } while (!s.equals(before));
        return s.isEmpty() ? null : s;
    }

    /** Lower-case words of letters and digits (composed, NFC), separated by single spaces. Idempotent. */
    static String words(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder folded = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String f = FOLDS.get(Character.toString(cp));
            if (f != null) {
                folded.append(f);
            } else {
                folded.appendCodePoint(cp);
            }
        });
        s = Normalizer.normalize(folded.toString().replace("&", " and "), Normalizer.Form.NFKD);
        s = LATIN_GREEK_MARKS.matcher(s).replaceAll("").toLowerCase(Locale.ROOT);
        return Normalizer.normalize(
                NOT_LETTER_OR_DIGIT.matcher(s).replaceAll(" ").strip(), Normalizer.Form.NFC);
    }

    /** The legal forms by position, each in the spellings the key compares (see {@link #words}). */
    private record LegalForms(Set<String> suffixes, Set<String> prefixes, List<String> glued, int maxWords) {
        static LegalForms load() {
            Set<String> suffixes = new HashSet<>();
            Set<String> prefixes = new HashSet<>();
            try (InputStream in = CompanyKeys.class.getResourceAsStream(LEGAL_FORMS)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + LEGAL_FORMS + " is missing from the classpath");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                boolean header = true;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    if (header) {
                        header = false;
                        continue;
                    }
                    String[] f = line.split("\t");
                    if (f.length != 3) {
                        throw new IllegalStateException(LEGAL_FORMS + ": expected country, position, form in: " + line);
                    }
                    Set<String> spellings = variants(f[2]);
                    switch (f[1]) {
                        case "suffix" -> suffixes.addAll(spellings);
                        case "prefix" -> prefixes.addAll(spellings);
                        case "both" -> {
                            suffixes.addAll(spellings);
                            prefixes.addAll(spellings);
                        }
                        default ->
                            throw new IllegalStateException(
                                    LEGAL_FORMS + ": position must be suffix, prefix or both: " + line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> glued = new ArrayList<>();
            for (String s : union(suffixes, prefixes)) {
                if (UNSPACED_SCRIPT.matcher(s).find()) {
                    glued.add(s);
                }
            }
            // Longest first, so that "股份有限公司" goes before "有限公司".
            glued.sort((a, b) -> b.length() - a.length());
            int max = union(suffixes, prefixes).stream()
                    .mapToInt(s -> s.split(" ").length)
                    .max()
                    .orElse(1);
            return new LegalForms(Set.copyOf(suffixes), Set.copyOf(prefixes), List.copyOf(glued), max);
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            Set<String> u = new HashSet<>(a);
            u.addAll(b);
            return u;
        }

        /** A spelling as the key sees it, and a dotted abbreviation also without its dots ("S.A." → "s a", "sa"). */
        static Set<String> variants(String form) {
            Set<String> out = new HashSet<>();
            String w = words(form);
            if (!w.isEmpty()) {
                out.add(w);
            }
            String undotted = words(form.replace(".", ""));
            if (!undotted.isEmpty()) {
                out.add(undotted);
            }
            return out;
        }

        Set<String> spellings(Collection<String> forms) {
            Set<String> out = new HashSet<>();
            forms.forEach(f -> out.addAll(variants(f)));
            return out;
        }

        /** Removes one legal form at the end, else one at the start; never the whole name. */
        String strip(String s, Set<String> extraSuffixes) {
            String[] w = s.split(" ");
            for (int k = Math.min(maxWords, w.length - 1); k >= 1; k--) {
                String tail = String.join(" ", List.of(w).subList(w.length - k, w.length));
                if (suffixes.contains(tail) || extraSuffixes.contains(tail)) {
                    return String.join(" ", List.of(w).subList(0, w.length - k));
                }
            }
            for (int k = Math.min(maxWords, w.length - 1); k >= 1; k--) {
                String head = String.join(" ", List.of(w).subList(0, k));
                if (prefixes.contains(head)) {
                    return String.join(" ", List.of(w).subList(k, w.length));
                }
            }
            for (String g : glued) {
                if (s.length() > g.length() && s.endsWith(g) && suffixes.contains(g)) {
                    return s.substring(0, s.length() - g.length()).strip();
                }
                if (s.length() > g.length() && s.startsWith(g) && prefixes.contains(g)) {
                    return s.substring(g.length()).strip();
                }
            }
            return s;
        }
    }
}
