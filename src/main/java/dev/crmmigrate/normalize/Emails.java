package dev.crmmigrate.normalize;

import java.util.List;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Email = same person, so the normalized address is the person's key: trimmed and lower-cased. Validation is
 * commons-validator's RFC check (with known TLDs); an invalid address is rejected with a reason, never repaired.
 */
public final class Emails {
    /**
     * Email statuses, lowest first: a status is sticky, only ever raised along this order (a bounce is never cleared
     * by a merge). The change rules and the load statement both read it.
     */
    public static final List<String> STATUS_ORDER = List.of("active", "suppressed", "bounced");

    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, true);

    private Emails() {}

    /** Trimmed and lower-cased ({@link #lowerCase}); null for null or blank. Idempotent. */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String s = lowerCase(raw.strip());
        return s.isEmpty() ? null : s;
    }

    /**
     * Every character lower-cased on its own, as PostgreSQL's {@code lower()} does in a UTF-8 database: no context
     * rules (Java's and ICU's turn a final "Σ" into "ς", the database into "σ") and no locale (a Turkish default
     * locale would turn "I" into a dotless "ı"). Also what the import's email column uses in place of Spark's
     * {@code lower}, whose ICU case mapping cost a cold JVM about 3 s of class initialization (a table of every code
     * point's title case) before the first row.
     */
    public static String lowerCase(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && s.charAt(i) < 0x80 && !(s.charAt(i) >= 'A' && s.charAt(i) <= 'Z')) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, i);
        s.substring(i).codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(cp)));
        return b.toString();
    }

    /** Why a normalized address is invalid, or null when it is valid. */
    public static String invalidReason(String normalized) {
        if (normalized == null) {
            return "missing email";
        }
        if (normalized.indexOf('@') < 0) {
            return "email has no '@'";
        }
        if (!VALIDATOR.isValid(normalized)) {
            return "email is not a valid address";
        }
        return null;
    }

    /** The domain part of a normalized address, or null. */
    public static String domain(String normalized) {
        if (normalized == null) {
            return null;
        }
        int at = normalized.lastIndexOf('@');
        return at < 0 ? null : normalized.substring(at + 1);
    }
}
