package dev.crmmigrate;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything a person or a log can see. Every password crm-migrate loads is registered here,
 * and {@link #scrub(String)} replaces it in any text before that text is printed or thrown.
 */
public final class Secrets {
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]+@");
    public static final String MASK = "****";

    private Secrets() {}

    /** Registers a secret so that it is masked wherever it might appear. Empty values are ignored. */
    public static void register(String secret) {
        if (secret != null && !secret.isEmpty()) {
            KNOWN.add(secret);
        }
    }

    /** The text with every registered secret and any password in a JDBC URL replaced by {@value #MASK}. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_PASSWORD.matcher(text).replaceAll("$1" + MASK);
        out = URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
        for (String s : KNOWN) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /**
     * An email address shown in a log or report: the first character of the local part and the domain,
     * {@code j***@example.com}. Reports show these unless the user asks for PII.
     */
    public static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return MASK;
        }
        return email.charAt(0) + "***" + email.substring(at);
    }
}
