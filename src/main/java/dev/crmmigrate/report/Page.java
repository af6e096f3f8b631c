package dev.crmmigrate.report;

import dev.crmmigrate.verify.Check;
import java.util.List;
import java.util.Map;

/**
 * One report, written once and rendered twice: every block goes to the Markdown file and to the HTML page from the
 * same call, so the two cannot drift apart. Charts are drawn on the page only (the table beside each holds the same
 * numbers); a file beside the report is a link on the page and in the Markdown.
 */
public final class Page {
    private final Markdown md = new Markdown();
    private final Html html;

    public Page(String title) {
        md.title(title);
        html = new Html(title);
    }

    public Page heading(String h) {
        md.heading(h);
        html.heading(h);
        return this;
    }

    public Page text(String t) {
        md.text(t);
        html.text(t);
        return this;
    }

    public Page table(String[] header, List<String[]> rows) {
        md.table(header, rows);
        html.table(header, rows);
        return this;
    }

    /** A two-column table: figure, value. */
    public Page figures(Map<String, ?> figures) {
        return table(
                new String[] {"Figure", "Value"},
                figures.entrySet().stream()
                        .map(e -> new String[] {e.getKey(), Markdown.fmt(e.getValue())})
                        .toList());
    }

    public Page checks(List<Check> checks) {
        return table(
                new String[] {"Check", "Result", "Detail"},
                checks.stream()
                        .map(c -> new String[] {c.name(), c.passed() ? "pass" : "FAIL", c.detail()})
                        .toList());
    }

    /** A sentence ending in a link to a file beside the report. */
    public Page fileLink(String text, String file) {
        md.text(text + "[" + file + "](" + file + ")");
        html.textWithLink(text, file);
        return this;
    }

    /** Horizontal bars on the page (see {@link Html#bars}); the Markdown has the table. */
    public Page bars(String id, String caption, Map<String, Double> values, String unit) {
        html.bars(id, caption, values, unit);
        return this;
    }

    /** Grouped bars on the page (see {@link Html#groupedBars}); the Markdown has the table. */
    public Page groupedBars(
            String id, String caption, List<String> groups, Map<String, List<Double>> series, String unit) {
        html.groupedBars(id, caption, groups, series, unit);
        return this;
    }

    public String markdown() {
        return md.toString();
    }

    public String html() {
        return html.toString();
    }
}
