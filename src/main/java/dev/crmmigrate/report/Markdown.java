package dev.crmmigrate.report;

import dev.crmmigrate.job.ImportOutcome;
import dev.crmmigrate.verify.Check;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown report: the field report's tables, computed. */
public final class Markdown {
    private final StringBuilder b = new StringBuilder();

    public Markdown title(String t) {
        b.append("# ").append(t).append("\n\n");
        return this;
    }

    public Markdown heading(String h) {
        b.append("## ").append(h).append("\n\n");
        return this;
    }

    public Markdown text(String t) {
        b.append(t).append("\n\n");
        return this;
    }

    public Markdown table(String[] header, List<String[]> rows) {
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.length; i++) {
            b.append(i == 0 ? "---|" : "---:|");
        }
        b.append('\n');
        for (String[] r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        b.append('\n');
        return this;
    }

    public Markdown figures(Map<String, ?> figures) {
        return table(
                new String[] {"Figure", "Value"},
                figures.entrySet().stream()
                        .map(e -> new String[] {e.getKey(), fmt(e.getValue())})
                        .toList());
    }

    public Markdown beforeAfter(Map<String, Long> before, Map<String, Long> after) {
        return table(
                new String[] {"Entity", "Before", "After", "Change"},
                before.keySet().stream()
                        .map(k -> new String[] {
                            k, fmt(before.get(k)), "**" + fmt(after.get(k)) + "**", fmt(after.get(k) - before.get(k))
                        })
                        .toList());
    }

    public Markdown plannedActual(ImportOutcome o) {
        return table(
                new String[] {"Figure", "Planned", "Actual"},
                o.planned().keySet().stream()
                        .map(k -> new String[] {
                            k, fmt(o.planned().get(k)), fmt(o.actual().get(k))
                        })
                        .toList());
    }

    public Markdown checks(List<Check> checks) {
        return table(
                new String[] {"Check", "Result", "Detail"},
                checks.stream()
                        .map(c -> new String[] {c.name(), c.passed() ? "pass" : "**FAIL**", c.detail()})
                        .toList());
    }

    public static String fmt(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.valueOf(v);
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
