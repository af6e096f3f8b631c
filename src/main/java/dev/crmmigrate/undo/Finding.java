package dev.crmmigrate.undo;

import java.util.List;

/** One thing that blocks a rollback, or that {@code --force} kept or overwrote. */
public record Finding(Kind kind, String run, String table, long rows, List<String> examples) {
    public enum Kind {
        /** A later run changed or references rows of this one. */
        LATER_RUN,
        /** Rows no run wrote reference rows this run inserted. */
        REFERENCED,
        /** Rows this run wrote were changed since. */
        EDITED,
        /** A later organization merge (not undone) involves an organization this run inserted or linked. */
        MERGED
    }

    public String describe() {
        return switch (kind) {
            case LATER_RUN ->
                "later run " + examples.get(0) + " changed or references " + rows + " row(s) of " + table + " that run "
                        + run + " wrote";
            case REFERENCED ->
                rows + " row(s) of " + table + " that no run wrote reference rows run " + run + " inserted, e.g. "
                        + String.join(", ", examples);
            case EDITED ->
                rows + " row(s) of " + table + " that run " + run + " wrote were changed since, e.g. "
                        + String.join(", ", examples);
            case MERGED ->
                table.equals("people")
                        ? rows + " later person merge(s) involve people that run " + run + " inserted, enriched "
                                + "or linked; --cascade undoes them first (or crm-migrate people merge --undo "
                                + "MERGE_ID): " + String.join(", ", examples)
                        : rows + " later organization merge(s) involve organizations that run " + run
                                + " inserted or linked; --cascade undoes them first (or crm-migrate orgs merge "
                                + "--undo MERGE_ID): " + String.join(", ", examples);
        };
    }
}
