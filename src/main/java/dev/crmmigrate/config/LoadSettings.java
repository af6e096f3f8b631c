package dev.crmmigrate.config;

import java.util.Objects;

/**
 * How the load transaction writes into the CRM.
 *
 * @param maintenanceWindow default false. When true, the CRM is taken to be out of use during a load: the foreign keys
 *     of each table the transaction inserts into are dropped before its statements and added again after them, so
 *     PostgreSQL checks each one once, as a join over the whole table, instead of once per inserted row (at scale 100
 *     the mapping insert took 131 s with its two foreign keys and 43 s without). Danger: dropping a foreign key locks
 *     the table it references ({@code people}, {@code emails}, {@code organizations} …) ACCESS EXCLUSIVE until the
 *     load commits, so the application can neither read nor write those tables meanwhile. Nothing changes for a role
 *     that does not own the tables: it keeps the per-row checks.
 */
public record LoadSettings(Boolean maintenanceWindow) {
    public LoadSettings {
        maintenanceWindow = Objects.requireNonNullElse(maintenanceWindow, false);
    }

    static LoadSettings defaults() {
        return new LoadSettings(null);
    }
}
