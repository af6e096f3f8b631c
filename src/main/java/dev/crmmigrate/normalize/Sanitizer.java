package dev.crmmigrate.normalize;

import java.util.regex.Pattern;

/**
 * The one sanitizer every text value bound for PostgreSQL passes. It removes what PostgreSQL text cannot hold (NUL)
 * and what no person typed: the other C0 and C1 control characters, DEL, byte-order marks inside a value,
 * non-characters and unpaired surrogates. Tab, line feed and carriage return stay: people type them in multi-line
 * cells. A removal is a field repair; the sanitizer never rejects (length limits are {@link FieldLimit}'s job).
 */
public final class Sanitizer {
    /** As a Java (and so Spark SQL) regular expression; a valid surrogate pair is one code point and never matches. */
    public static final String UNTYPED_REGEX =
            "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\x{FEFF}\\x{FFFE}\\x{FFFF}\\x{D800}-\\x{DFFF}]";

    private static final Pattern UNTYPED = Pattern.compile(UNTYPED_REGEX);

    private Sanitizer() {}

    /** The value without untyped characters; null stays null. Idempotent. */
    public static String clean(String raw) {
        return raw == null ? null : UNTYPED.matcher(raw).replaceAll("");
    }

    /** How many characters {@link #clean} removes. */
    public static int removed(String raw) {
        return raw == null ? 0 : raw.length() - clean(raw).length();
    }
}
