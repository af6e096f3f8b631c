package dev.crmmigrate.normalize;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Two keys for a company name.
 * <ul>
 *   <li>{@link #exact}: trimmed and lower-cased. The import's rule: "Greystar" and "GREYSTAR " are one organization,
 *       "Greystar LLC" is another. False merges are worse than missed ones.</li>
 *   <li>{@link #normalized}: for audits and the near-duplicate review only: accents, punctuation, "&amp;" vs "and",
 *       a leading "the" and trailing legal suffixes (LLC, L.L.C., Inc, Corp, LP, Ltd …) removed.</li>
 * </ul>
 */
public final class CompanyKeys {
  private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private CompanyKeys() {}

  public static String exact(String name) {
    if (name == null) {
      return null;
    }
    String s = name.strip().toLowerCase(Locale.ROOT);
    return s.isEmpty() ? null : s;
  }

  /**
   * @param suffixes legal suffixes in their normalized spelling (lower-case words separated by single spaces,
   *                 e.g. {@code "l l c"} for "L.L.C.")
   */
  public static String normalized(String name, List<String> suffixes) {
    if (name == null) {
      return null;
    }
    String s = Normalizer.normalize(name, Normalizer.Form.NFKD);
    s = MARKS.matcher(s).replaceAll("").toLowerCase(Locale.ROOT).replace("&", " and ");
    s = NON_ALNUM.matcher(s).replaceAll(" ").strip();
    // Repeated, so that the key of a key is the key itself ("The The Acme" must not give "the acme" then "acme").
    while (s.startsWith("the ")) {
      s = s.substring(4);
    }
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      for (String suffix : suffixes) {
        if (s.endsWith(" " + suffix) && s.length() > suffix.length() + 1) {
          s = s.substring(0, s.length() - suffix.length() - 1).strip();
          stripped = true;
        }
      }
    }
    return s.isEmpty() ? null : s;
  }
}
