package dev.crmmigrate;

import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Every user-facing error is built here, so that each message says what was wrong, where, and what is valid.
 * The {@link Kind} decides the process exit code.
 */
public final class Errors {
    private Errors() {}

    /** What kind of failure: decides the exit code of the CLI. */
    public enum Kind {
        /** Failed checks or drift: exit 1. */
        CHECK(1),
        /** Bad usage or configuration: exit 2. */
        CONFIG(2),
        /** Anything that failed while running: exit 3. */
        RUNTIME(3);

        public final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** The one exception type crm-migrate throws for user-facing failures. */
    public static final class CrmMigrateException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Kind kind;

        public CrmMigrateException(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    public static CrmMigrateException unknownConfigKey(String source, String key, Collection<?> valid) {
        return config("%s: unknown key '%s'; valid keys here are: %s", source, key, join(valid));
    }

    public static CrmMigrateException badConfigValue(String source, String key, Object value, String valid) {
        return config("%s: invalid value '%s' for '%s'; %s", source, value, key, valid);
    }

    public static CrmMigrateException configFileMissing(Path file) {
        return config(
                "configuration file %s does not exist; pass --config with an existing YAML file, e.g. conf/local.yaml",
                file);
    }

    public static CrmMigrateException unreadableConfig(Path file, String detail) {
        return config("configuration file %s could not be read: %s", file, detail);
    }

    public static CrmMigrateException missingEnv(String source, String variable) {
        return config("%s refers to ${%s}, but that environment variable is not set", source, variable);
    }

    public static CrmMigrateException passwordFileUnreadable(Path file, String detail) {
        return config("password_file %s could not be read: %s", file, detail);
    }

    public static CrmMigrateException invalidIdentifier(String what, String value) {
        return config(
                "%s '%s' is not a valid SQL identifier; use letters, digits and '_' only, starting with a letter or "
                        + "'_' (at most 63 characters)",
                what, value);
    }

    public static CrmMigrateException missingInput(String what, Path path) {
        return config("%s not found at %s", what, path);
    }

    public static CrmMigrateException database(String action, String safeUrl, Throwable cause) {
        return new CrmMigrateException(
                Kind.RUNTIME,
                String.format(
                        "%s failed on %s: %s", action, safeUrl, Secrets.scrub(String.valueOf(cause.getMessage()))),
                null);
    }

    public static CrmMigrateException runtime(String fmt, Object... args) {
        return new CrmMigrateException(Kind.RUNTIME, String.format(fmt, args), null);
    }

    public static CrmMigrateException check(String fmt, Object... args) {
        return new CrmMigrateException(Kind.CHECK, String.format(fmt, args), null);
    }

    public static CrmMigrateException config(String fmt, Object... args) {
        return new CrmMigrateException(Kind.CONFIG, String.format(fmt, args), null);
    }

    private static String join(Collection<?> valid) {
        return valid.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
