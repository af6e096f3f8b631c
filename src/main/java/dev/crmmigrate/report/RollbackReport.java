package dev.crmmigrate.report;

import dev.crmmigrate.undo.Finding;
import dev.crmmigrate.undo.Rollback;
import java.util.Map;

/** The text a rollback prints: what it took back (or would), what blocked it, what --force kept or overwrote. */
public final class RollbackReport {
    private RollbackReport() {}

    public static String text(Rollback.Outcome o, boolean cascade) {
        StringBuilder out = new StringBuilder();
        if (o.refused()) {
            out.append("rollback of ").append(o.runId()).append(" refused, nothing changed:\n");
            for (Finding f : o.blockers()) {
                out.append("  - ").append(f.describe()).append('\n');
            }
            boolean laterRuns = o.blockers().stream()
                    .anyMatch(f -> f.kind() == Finding.Kind.LATER_RUN || f.kind() == Finding.Kind.MERGED);
            if (laterRuns && !cascade) {
                out.append("  --cascade rolls back the later runs and undoes the later merges first.\n");
            }
            if (o.blockers().stream()
                    .anyMatch(f -> f.kind() == Finding.Kind.REFERENCED || f.kind() == Finding.Kind.EDITED)) {
                out.append("  --force keeps what others reference or changed, and says so.\n");
            }
            return out.toString();
        }
        out.append(o.applied() ? "rolled back" : "would roll back (--plan, nothing changed)")
                .append(", newest first:\n");
        for (Rollback.Step s : o.runs()) {
            out.append("  ").append(s.runId()).append(" (").append(s.job()).append(")\n");
            line(out, o.applied() ? "before-images written back" : "updated rows to write back", s.restored());
            line(out, o.applied() ? "inserted rows deleted" : "inserted rows to delete", s.deleted());
        }
        for (String step : o.schemaSteps()) {
            out.append("  schema step: ").append(step).append('\n');
        }
        for (Finding f : o.forced()) {
            out.append("  --force: ")
                    .append(f.kind() == Finding.Kind.EDITED ? "kept or overwrote: " : "kept: ")
                    .append(f.describe())
                    .append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String what, Map<String, Long> perTable) {
        out.append("    ").append(what).append(':');
        if (perTable.isEmpty()) {
            out.append(" none");
        }
        perTable.forEach((t, n) ->
                out.append(' ').append(t).append(' ').append(Markdown.fmt(n)).append(','));
        if (!perTable.isEmpty()) {
            out.setLength(out.length() - 1);
        }
        out.append('\n');
    }
}
