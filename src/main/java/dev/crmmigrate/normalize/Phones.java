package dev.crmmigrate.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.io.Serializable;

/**
 * Phone numbers in E.164 ({@code +12125550100}) via libphonenumber. Numbers written without a country code are read
 * in the configured default region; extensions are dropped (the CRM keys a phone by its number).
 */
public final class Phones {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Phones() {}

    /**
     * The outcome of normalizing one raw value: exactly one of {@code e164} and {@code reason} is set, or both null for
     * blank.
     */
    public record Result(String e164, String reason) implements Serializable {}

    public static Result normalize(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return new Result(null, null);
        }
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(raw, defaultRegion);
            if (!UTIL.isValidNumber(n)) {
                return new Result(null, "phone number is not valid for its region");
            }
            return new Result(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164), null);
        } catch (NumberParseException e) {
            return new Result(null, "phone number cannot be parsed (" + e.getErrorType() + ")");
        }
    }

    /** E.164 or null (invalid or blank). */
    public static String e164(String raw, String defaultRegion) {
        return normalize(raw, defaultRegion).e164();
    }
}
