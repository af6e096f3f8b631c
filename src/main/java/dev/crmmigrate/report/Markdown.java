package dev.crmmigrate.report;

import java.util.List;
import java.util.Locale;

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
