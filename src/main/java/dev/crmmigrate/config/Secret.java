package dev.crmmigrate.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.crmmigrate.Secrets;

/** A password. {@link #toString()} never reveals it; {@link #reveal()} is for the JDBC driver only. */
public final class Secret {
    public static final Secret NONE = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Secrets.register(value);
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @JsonValue
    @Override
    public String toString() {
        return value.isEmpty() ? "" : Secrets.MASK;
    }
}
