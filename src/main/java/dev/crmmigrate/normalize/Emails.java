package dev.crmmigrate.normalize;

import java.util.List;
import java.util.Locale;
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

    /** Trimmed and lower-cased; null for null or blank. Idempotent. */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip().toLowerCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
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
