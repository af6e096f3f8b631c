package dev.crmmigrate.followup;

import java.util.List;

/**
 * A table whose rows the follow-ups change, as the change log and the rollback know it: its key and the columns the
 * follow-ups update (none: they only insert).
 */
public record LoggedTable(String name, List<String> rowKey, List<String> updates) {
    /** Every table the follow-ups change row by row. */
    public static final List<LoggedTable> ALL = List.of(
            new LoggedTable("campaign_recipients", List.of("id"), List.of("person_id", "email_id")),
            new LoggedTable("email_queue", List.of("id"), List.of("person_id")),
            new LoggedTable("activities", List.of("id"), List.of()));

    static LoggedTable of(String name) {
        return ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a logged follow-up table: " + name));
    }
}
