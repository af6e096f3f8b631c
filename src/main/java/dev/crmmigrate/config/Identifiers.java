package dev.crmmigrate.config;

import dev.crmmigrate.Errors;
import java.util.regex.Pattern;

/** SQL identifiers that come from configuration: validated, never spliced into SQL unchecked. */
public final class Identifiers {
    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Identifiers() {}

    public static String requireValid(String what, String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw Errors.invalidIdentifier(what, name);
        }
        return name;
    }

    /** A validated identifier, double-quoted for SQL. */
    public static String quote(String name) {
        return '"' + requireValid("identifier", name) + '"';
    }
}
