package dev.crmmigrate.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crmmigrate.Errors;
import dev.crmmigrate.explain.Explanation;

/** What {@code crm-migrate explain} prints: the decision trail as text, or as JSON with {@code --json}. */
public final class ExplainReport {
    private ExplainReport() {}

    public static String json(Explanation e) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(e) + "\n";
        } catch (JsonProcessingException x) {
            throw Errors.runtime("the explanation could not be written as JSON: %s", x.getMessage());
        }
    }

    public static String text(Explanation e) {
        StringBuilder out = new StringBuilder();
        out.append(e.subject())
                .append(", in contacts import ")
                .append(e.runId())
                .append('\n');
        if (!e.staged()) {
            out.append("  the staged tables of this run are gone (work directory cleaned or moved): no normalized "
                    + "email, first-wins group or rejected fields; what the CRM and the change log still know:\n");
        }
        String group = null;
        for (Explanation.Contact c : e.contacts()) {
            if (c.normalizedEmail() != null && !c.normalizedEmail().equals(group)) {
                group = c.normalizedEmail();
                out.append("first-wins group of ")
                        .append(group)
                        .append(" (first wins: the earliest created_at, then the lowest id):\n");
            }
            out.append("  contact ").append(c.id());
            if (c.createdAt() != null) {
                out.append(", created ").append(c.createdAt());
            }
            if (c.email() != null) {
                out.append(", email '").append(c.email()).append('\'');
            }
            if (c.normalizedEmail() == null && e.staged()) {
                out.append(": no usable email");
            } else if (c.rank() != null) {
                out.append(
                        c.winner()
                                ? ": winner (rank 1), its fields enrich the person"
                                : ": loser (rank " + c.rank() + "), mapped to the winner's person with is_first false");
            }
            out.append('\n');
            for (Explanation.Rejected r : c.rejected()) {
                out.append("    rejected field ")
                        .append(r.field())
                        .append(": ")
                        .append(r.reason())
                        .append('\n');
            }
            out.append("    person: ")
                    .append(c.personId() == null ? "none (not migrated)" : c.personId())
                    .append('\n');
        }
        for (Explanation.Person p : e.people()) {
            out.append("person ").append(p.id()).append(": ");
            if (!p.existing()) {
                out.append("created by this run (no CRM person held the address)");
            } else {
                out.append("existing");
                if (p.createdBy() != null) {
                    out.append(" (created by run ").append(p.createdBy()).append(')');
                }
                if (p.matchedAddress() != null) {
                    out.append(", matched by address ").append(p.matchedAddress());
                    if (p.candidates() > 1) {
                        out.append(" (shared: ")
                                .append(p.candidates())
                                .append(" people hold it; the earliest created was chosen)");
                    }
                }
            }
            out.append('\n');
            if (p.enrichments().isEmpty() && p.existing()) {
                out.append("  enrichment: none (nothing to add)\n");
            }
            for (Explanation.Change c : p.enrichments()) {
                out.append("  enriched ")
                        .append(c.field())
                        .append(": ")
                        .append(c.before())
                        .append(" -> ")
                        .append(c.after())
                        .append(" (")
                        .append(c.rule())
                        .append("; run ")
                        .append(c.run())
                        .append(")\n");
            }
            for (Explanation.EmailStatus s : p.emails()) {
                out.append("  email ")
                        .append(s.address())
                        .append(": ")
                        .append(s.status())
                        .append(" (")
                        .append(s.why())
                        .append(s.run() == null ? "" : "; run " + s.run())
                        .append(")\n");
            }
            for (Explanation.Link l : p.links()) {
                out.append("  ")
                        .append(l.kind())
                        .append(' ')
                        .append(l.target())
                        .append(": ")
                        .append(l.run() == null ? "not added by a logged run" : "added by run " + l.run())
                        .append('\n');
            }
            for (Explanation.Merge m : p.merges()) {
                out.append("  person merge ")
                        .append(m.mergeId())
                        .append(": ")
                        .append(m.kept() ? "kept; " + m.other() + " merged into it" : "merged into " + m.other())
                        .append(" (")
                        .append(m.mergedAt())
                        .append(m.undoneAt() == null ? "" : "; undone " + m.undoneAt())
                        .append(")\n");
            }
        }
        return out.toString();
    }
}
