package dev.crmmigrate.config;

import dev.crmmigrate.Errors;
import java.util.regex.Pattern;

/**
 * SQL identifiers. Those from configuration are validated ({@link #quote}); those from a file or the database's
 * catalog (a CSV header, a table found through a foreign key, an index name) are any text and always double-quoted
 * with their quotes doubled ({@link #quoteAny}): a name never becomes SQL.
 */
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

    /** Any name, double-quoted for SQL with embedded double quotes doubled: {@code a"b} becomes {@code "a""b"}. */
    public static String quoteAny(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw Errors.invalidIdentifier("identifier", name);
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A table name, optionally schema-qualified, each part quoted: {@code auth.users} gives {@code "auth"."users"}. */
    public static String quoteQualified(String schema, String table) {
        return schema == null ? quoteAny(table) : quoteAny(schema) + "." + quoteAny(table);
    }
}
